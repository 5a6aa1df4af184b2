#!/bin/sh
# bench/compile/plugin.sh BUILD_DIR - what the GCC plugin costs code that
# has no go statement: the CPU time (user + system, all processes) of
# compiling GCC's gcc.c-torture/execute suite as a whole, and of one large
# csmith program, at -O2 -S with and without -fplugin, repetitions
# interleaved (the order alternating).  Prints the medians and the ratio
# against the target, 1.02.  PLUGIN_BENCH_REPS (default 3).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: bench/compile/plugin.sh BUILD_DIR}" && pwd)
reps=${PLUGIN_BENCH_REPS:-3}
plugin=$build/plugin/gocc.so
work=$build/bench/compile-plugin
mkdir -p "$work"
. "$top/bench/compile/common.sh"

"$top/plugin/torture.sh" --extract "$build"
suite=$build/plugin/torture/execute
big=$work/csmith-big.c
[ -s "$big" ] || csmith_big "$big"

# run WHAT FLAGS: compile WHAT once; append its CPU time to WHAT.plain or
# WHAT.plugin.
run() {
	tag=plain; [ -z "$2" ] || tag=plugin
	rm -rf "$work/s"; mkdir "$work/s"; cd "$work/s"
	case $1 in
	torture) cmd="find '$suite' -name '*.c' -print0 | xargs -0 -n 64 -P $(nproc) gcc -O2 -S -w $2" ;;
	csmith) cmd="gcc -O2 -S -w -I /usr/include/csmith '$big' -o /dev/null $2" ;;
	esac
	cputime "$cmd" "$work/$1.$tag"
	cd "$work"
}

for what in torture csmith; do
	rm -f "$work/$what.plain" "$work/$what.plugin"
	interleave "$reps" $what "" "-fplugin=$plugin"
	plain=$(median "$work/$what.plain")
	with=$(median "$work/$what.plugin")
	awk -v w="$what" -v a="$plain" -v b="$with" 'BEGIN {
		printf "compile %-10s plugin %.2fs  plain %.2fs  ratio %.4f  (target <= 1.02)\n", w, b, a, b / a }'
done
