#!/bin/sh
# bench/compile/rewriter.sh BUILD_DIR - what gocc-rewrite costs against
# `clang -fsyntax-only` on the same code: the CPU time (user + system) of
# rewriting a file with a few go statements, and of clang checking the
# rewritten file, for a large csmith program and for zlib's deflate.c (from
# GCC's source package), repetitions interleaved (the order alternating).
# A small file is run LOOPS times per repetition to be measurable.  Prints
# the medians and the ratio against the target, 1.3.
# REWRITER_BENCH_REPS (default 5).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: bench/compile/rewriter.sh BUILD_DIR}" && pwd)
reps=${REWRITER_BENCH_REPS:-5}
rewrite=$build/rewriter/gocc-rewrite
work=$build/bench/compile-rewriter
mkdir -p "$work"
. "$top/bench/compile/common.sh"

# The inputs: each gets a function with go statements appended.
big=$work/csmith-big.c
if [ ! -s "$big" ]; then
	csmith_big "$big.tmp"
	printf '\nvoid gocc_bench(void)\n{\n\tgo func_1();\n\tgo func_1();\n\tgo func_1();\n}\n' >>"$big.tmp"
	mv "$big.tmp" "$big"
fi
zlib=$build/bench/zlib
deflate=$work/deflate.c
if [ ! -s "$deflate" ]; then
	zlib_sources "$zlib"
	cp "$zlib/deflate.c" "$deflate.tmp"
	printf '\nvoid gocc_bench(z_streamp s)\n{\n\tgo deflateEnd(s);\n\tgo deflateReset(s);\n\tgo deflateParams(s, 1, Z_DEFAULT_STRATEGY);\n}\n' >>"$deflate.tmp"
	mv "$deflate.tmp" "$deflate"
fi

# run WHAT TOOL: time LOOPS runs of TOOL on WHAT; append to WHAT.TOOL.
run() {
	case $1 in
	csmith) src=$big; flags="-w -I /usr/include/csmith"; loops=1 ;;
	deflate) src=$deflate; flags="-O2 -I $zlib"; loops=20 ;;
	esac
	case $2 in
	rewrite) cmd="'$rewrite' '$src' -o '$work/$1.rw.c' -- $flags" ;;
	clang) cmd="clang-14 -fsyntax-only $flags -I '$top/include' '$work/$1.rw.c'" ;;
	esac
	cputime "i=0; while [ \$i -lt $loops ]; do $cmd || exit 1; i=\$((i + 1)); done" \
		"$work/$1.$2"
}

for what in csmith deflate; do
	rm -f "$work/$what.rewrite" "$work/$what.clang"
	run $what rewrite	# makes the file clang checks
	rm -f "$work/$what.rewrite"
	interleave "$reps" $what rewrite clang
	rw=$(median "$work/$what.rewrite")
	cl=$(median "$work/$what.clang")
	awk -v w="$what" -v a="$cl" -v b="$rw" 'BEGIN {
		printf "compile %-10s rewrite %.2fs  clang -fsyntax-only %.2fs  ratio %.3f  (target <= 1.3)\n", w, b, a, b / a }'
done
