#!/bin/sh
# scripts/libgocc.sh OUTDIR ARCH [CFLAGS...] - build libgocc.a from the
# runtime's sources into OUTDIR, outside CMake, for the builds that only
# the tests make: ARCH arm64 cross-compiles for AArch64 (test/arch, and the
# qemu leg of scripts/stress.sh); native (this machine's) with
# -fsanitize=thread gives a runtime that TSan checks itself
# (test/runtime/tsan_libgocc.test), with -DGOCC_LOCKRANK one that checks
# the lock order (test/lockrank, the lockrank leg of scripts/stress.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: scripts/libgocc.sh OUTDIR arm64|amd64|native [CFLAGS...]}
arch=${2:?usage: scripts/libgocc.sh OUTDIR arm64|amd64|native [CFLAGS...]}
shift 2
case $arch in
native)
	cross=
	case $(uname -m) in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac ;;
arm64) cross=aarch64-linux-gnu- ;;
amd64) cross= ;;
*) echo "libgocc.sh: unknown arch $arch" >&2; exit 2 ;;
esac
rm -rf "$out"
mkdir -p "$out/inc"
# A cross compiler does not search /usr/include, where valgrind.h lives.
ln -s /usr/include/valgrind "$out/inc/valgrind"
cd "$out"
"${cross}gcc" -O2 -g -c -D_GNU_SOURCE -DGOCC_BUILDING -ftls-model=initial-exec \
	-DGOCC_GDB_SCRIPT="\"$top/runtime/gocc-gdb.py\"" \
	-fvisibility=hidden -I "$top/include" -I "$top/runtime" -I inc "$@" \
	"$top"/runtime/[!a]*.c "$top"/runtime/*_"$arch".[cS]
"${cross}ar" rcs libgocc.a ./*.o
