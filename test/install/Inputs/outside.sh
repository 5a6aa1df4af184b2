#!/bin/sh
# outside.sh PREFIX WORK WAY: build Inputs/app.c against the gocc installed
# in PREFIX, in the directory WORK, one WAY:
#   pkg-config         gcc with `pkg-config --cflags --libs gocc` (shared):
#                      app, and app_go with the plugin the .pc names
#   pkg-config-static  app with --static and gcc -static
#   cmake              find_package(gocc): app (gocc::gocc), app_shared
#                      (gocc::gocc_shared), app_go (gocc::go)
#   gocc-cc            app_go with the installed gocc-cc (gocc-rewrite)
# then run each program, after a line naming the libgocc it loads.  A
# program that hangs fails the test rather than stalling the suite.
set -e
prefix=$1 work=$2 way=$3
inputs=$(cd "$(dirname "$0")" && pwd)
pc=$(find "$prefix" -name gocc.pc)
export PKG_CONFIG_PATH="$(dirname "$pc")"
mkdir -p "$work"
cd "$work"

run() {
	echo "$1 needs: $(readelf -d "$1" | sed -n 's/.*Shared library: \[\(libgocc[^]]*\)\].*/\1/p')"
	timeout 60 "./$1"
}

case $way in
pkg-config)
	cflags=$(pkg-config --cflags gocc) libs=$(pkg-config --libs gocc)
	gcc -O2 $cflags "$inputs/app.c" -o app $libs
	gcc -O2 -fplugin="$(pkg-config --variable=plugin gocc)" $cflags \
		"$inputs/app.c" -o app_go $libs
	export LD_LIBRARY_PATH="$(pkg-config --variable=libdir gocc)"
	run app
	run app_go
	;;
pkg-config-static)
	gcc -O2 -static $(pkg-config --cflags gocc) "$inputs/app.c" -o app \
		$(pkg-config --static --libs gocc)
	run app
	;;
cmake)
	cmake -S "$inputs" -B . -DCMAKE_PREFIX_PATH="$prefix" \
		-DGOCC_VERSION="$(pkg-config --modversion gocc)" >configure.log
	sed -n 's/^gocc_DIR:PATH=/gocc_DIR=/p' CMakeCache.txt
	cmake --build . >build.log
	run app
	run app_shared
	run app_go
	;;
gocc-cc)
	GOCC_CC=clang-14 "$(find "$prefix" -name gocc-cc)" -O2 "$inputs/app.c" -o app_go
	run app_go
	;;
esac
