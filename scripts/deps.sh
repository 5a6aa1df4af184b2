#!/bin/sh
# Install the Debian packages gocc needs, only those that are missing.
set -e
pkgs="gcc g++ make cmake pkg-config gdb gcc-12-plugin-dev libclang-14-dev clang-14
      llvm-14-tools libclang-rt-14-dev python3 golang-go valgrind gcc-12-source
      csmith gnuplot-nox qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      curl wrk libcurl4-openssl-dev libpq-dev postgresql"
missing=""
for p in $pkgs; do
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
