#!/bin/sh
# scripts/libgocc.sh OUTDIR CFLAGS... - compile the runtime for this machine
# with extra flags (-DGOCC_LOCKRANK, a sanitizer) into OUTDIR/libgocc.a,
# for the tests and stress legs that need a libgocc the build does not make.
set -e
out=${1:?usage: scripts/libgocc.sh OUTDIR CFLAGS...}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
case $(uname -m) in
aarch64 | arm64) arch=arm64 other=amd64 ;;
*) arch=amd64 other=arm64 ;;
esac
mkdir -p "$out"
cd "$out"
rm -f ./*.o libgocc.a
for f in "$top"/runtime/*.c "$top/runtime/asm_$arch.S"; do
	case $f in *_$other.c) continue ;; esac
	echo "$f"
done | xargs -P "$(nproc)" -I{} gcc -std=gnu17 -O2 -g -c -fPIC -fvisibility=hidden \
	-ftls-model=initial-exec -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter \
	-D_GNU_SOURCE -DGOCC_BUILDING -I "$top/include" -I "$top/runtime" "$@" {}
ar rcs libgocc.a ./*.o
