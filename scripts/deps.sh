#!/bin/sh
# scripts/deps.sh GROUP... - install the Debian packages a group of make
# targets needs, only those that are missing (needs root for apt-get).
#   core     build libgocc, the plugin, the rewriter and gocc-trace (make,
#            make install)
#   demo     make demo: core, and curl to fetch the example server's page
#   test     make test: lit (psutil for its timeout), FileCheck, clang,
#            gdb, valgrind, cross, for the I/O tests curl, wrk, libcurl,
#            libpq and PostgreSQL, and Chromium to render gocc-trace's page
#   cross    the AArch64 build under qemu-user (test/arch)
#   bench    make bench: Go, clang, csmith (and its headers), gnuplot, and
#            GCC's sources (its torture suite and its copy of zlib)
#   torture  make torture: GCC's sources
#   fuzz     make fuzz: csmith, its runtime headers (libcsmith-dev), clang
#   stress   make stress
set -e
[ $# -gt 0 ] || { echo "usage: scripts/deps.sh core|demo|test|cross|bench|torture|fuzz|stress..." >&2; exit 2; }
core="gcc g++ make cmake pkg-config gcc-12-plugin-dev libclang-14-dev libdw-dev libjansson-dev valgrind"
cross="qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
# The I/O tests: real clients and servers.
io="curl wrk libcurl4-openssl-dev libpq-dev postgresql"
pkgs=""
for group in "$@"; do
	case $group in
	core | stress) pkgs="$pkgs $core" ;;
	demo) pkgs="$pkgs $core curl" ;;
	test) pkgs="$pkgs $core python3 python3-psutil llvm-14-tools clang-14 libclang-rt-14-dev gdb chromium $cross $io" ;;
	cross) pkgs="$pkgs $cross" ;;
	bench) pkgs="$pkgs $core python3 golang-go clang-14 csmith libcsmith-dev gnuplot-nox curl wrk gcc-12-source" ;;
	torture) pkgs="$pkgs $core gcc-12-source" ;;
	fuzz) pkgs="$pkgs $core python3 clang-14 csmith libcsmith-dev" ;;
	*) echo "deps.sh: no group '$group'" >&2; exit 2 ;;
	esac
done
missing=""
for p in $pkgs; do
	case " $missing " in *" $p "*) continue ;; esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: need root to apt-get install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends $missing >/dev/null
