#!/bin/bash
# bench/preempt.sh BUILD_DIR - what preemption's safe points cost CPU-bound
# C (issue 14): the kernels of bench/preempt (after the Benchmarks Game's
# n-body, spectral-norm, fannkuch-redux, mandelbrot and binary-trees, and
# zlib's deflate of 64 MiB, zlib's own sources included) built four ways,
# -O2 each:
#
#   off        gcc -fplugin=gocc.so -fplugin-arg-gocc-preempt=off
#   all        gcc -fplugin=gocc.so -fplugin-arg-gocc-preempt=all
#   rewrite    gocc-rewrite, then clang -O2
#   rw-preempt gocc-rewrite --preempt, then clang -O2
#
# and run pinned to one CPU, repetitions interleaved (the order rotating,
# bench/compile/common.sh) so that all see the same machine.  Each kernel
# reports its own CPU time; other work on the machine only ever adds to it,
# so the best of the repetitions is the figure, and the ratio of the
# medians is shown beside it to show the noise.  Prints all/off per kernel
# and their geometric mean against the targets (<= 1.05 each, <= 1.02 the
# mean), and rw-preempt/rewrite (no target: clang does not vectorize a
# loop that holds the check's call); writes the table to
# BUILD_DIR/bench/preempt-results.txt.  Exits non-zero if a build or a run
# failed or a build's result differed from the others'; a missed target
# shows in the table but is no error.
#
# Environment: BENCH_REPS (default 5), BENCH_PREEMPT_ONLY="<kernel> ..."
# (just those).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: bench/preempt.sh BUILD_DIR}" && pwd)
out=$build/bench/preempt
reps=${BENCH_REPS:-5}
kernels=${BENCH_PREEMPT_ONLY:-nbody spectralnorm fannkuch mandelbrot binarytrees zlib}
sides="off all rewrite rw-preempt"
. "$top/bench/compile/common.sh"

for k in $kernels; do
	[ -f "$top/bench/preempt/$k.c" ] || { echo "bench/preempt: no kernel named $k" >&2; exit 2; }
done
for f in runtime/libgocc.a plugin/gocc.so rewriter/gocc-rewrite; do
	[ -f "$build/$f" ] || { echo "bench/preempt: $build/$f is missing; build first" >&2; exit 2; }
done
# One CPU, the last this script may use: no migrations mid-run.
cpu=$(taskset -cp $$ | sed 's/.*: //' | tr , '\n' | tail -n 1 | sed 's/.*-//')
rm -rf "$out" && mkdir -p "$out"
zlib=$build/bench/zlib
zlib_sources "$zlib" || { echo "bench/preempt: no zlib sources (gcc-12-source)" >&2; exit 2; }

# compile SIDE SRC OBJ: one source file, as SIDE builds it.
compile() {
	local flags="-O2 -I $top/bench/preempt -I $zlib"
	case $1 in
	off | all)
		gcc $flags -fplugin="$build/plugin/gocc.so" -fplugin-arg-gocc-preempt="$1" \
			-c "$2" -o "$3" ;;
	rewrite | rw-preempt)
		local opt=
		[ "$1" = rewrite ] || opt=--preempt
		"$build/rewriter/gocc-rewrite" "$2" -o "$3.c" $opt -- $flags &&
			clang-14 $flags -I "$top/include" -c "$3.c" -o "$3" ;;
	esac
}

# link KERNEL SIDE: $out/KERNEL-SIDE from the kernel's sources (zlib's
# with it).
link() {
	local srcs=$top/bench/preempt/$1.c objs= s o
	[ "$1" != zlib ] || srcs="$srcs $zlib/adler32.c $zlib/crc32.c $zlib/deflate.c $zlib/trees.c $zlib/zutil.c"
	mkdir -p "$out/obj/$1-$2"
	for s in $srcs; do
		o=$out/obj/$1-$2/$(basename "$s" .c).o
		compile "$2" "$s" "$o" || return 1
		objs="$objs $o"
	done
	gcc $objs "$build/runtime/libgocc.a" -lpthread -lm -o "$out/$1-$2"
}

# run KERNEL SIDE: one run; its seconds go to KERNEL.SIDE, and its check
# line must be the kernel's first.
run() {
	[ -e "$out/$1.failed" ] && return
	if ! taskset -c "$cpu" timeout 300 "$out/$1-$2" >"$out/$1-$2.log" 2>&1; then
		echo "bench/preempt: $1-$2 failed:"; tail -n5 "$out/$1-$2.log" | sed 's/^/  /'
		touch "$out/$1.failed"
		return
	fi
	local check
	check=$(grep '^check ' "$out/$1-$2.log")
	[ -s "$out/$1.check" ] || echo "$check" >"$out/$1.check"
	if [ "$check" != "$(cat "$out/$1.check")" ]; then
		echo "bench/preempt: $1-$2 printed \"$check\", not \"$(cat "$out/$1.check")\""
		touch "$out/$1.failed"
		return
	fi
	awk '$1 == "s" { print $2 }' "$out/$1-$2.log" >>"$out/$1.$2"
}

# best FILE: the smallest of FILE's numbers.
best() {
	sort -g "$1" | head -n 1
}

load=$(cut -d' ' -f1 /proc/loadavg)   # others' work skews figures: say so
errors=0
rows=
for k in $kernels; do
	for side in $sides; do
		link "$k" "$side" >"$out/$k-$side.build.log" 2>&1 && continue
		echo "bench/preempt: building $k ($side) failed:"
		grep -m5 . "$out/$k-$side.build.log" | sed 's/^/  /'
		touch "$out/$k.failed"
	done
	interleave "$reps" "$k" $sides
	if [ -e "$out/$k.failed" ]; then
		errors=$((errors + 1))
		continue
	fi
	row=$k
	for side in $sides; do
		row="$row $(best "$out/$k.$side") $(median "$out/$k.$side")"
	done
	rows+="$row"$'\n'
done

# Columns: the best of each side, the ratios of the bests, the ratios of
# the medians in parentheses; then the geometric means.
table=$(printf '%s' "$rows" | awk '
	function verdict(r, bound) { return r <= bound ? "pass" : "FAIL" }
	BEGIN { printf "%-13s %8s %8s %16s %-6s %8s %10s %16s\n", "kernel", "off", "all",
		"all/off (med)", "<=1.05", "rewrite", "rw-preempt", "ratio (med)" }
	{
		a = $4 / $2; am = $5 / $3; r = $8 / $6; rm = $9 / $7
		la += log(a); lam += log(am); lr += log(r); lrm += log(rm); n++
		printf "%-13s %8.3f %8.3f %7.3f (%6.3f) %-6s %8.3f %10.3f %7.3f (%6.3f)\n",
			$1, $2, $4, a, am, verdict(a, 1.05), $6, $8, r, rm
	}
	END {
		if (!n) exit
		a = exp(la / n); r = exp(lr / n)
		printf "%-13s %8s %8s %7.3f (%6.3f) %-6s %8s %10s %7.3f (%6.3f)\n",
			"geomean", "", "", a, exp(lam / n), verdict(a, 1.02) " (<=1.02)",
			"", "", r, exp(lrm / n)
	}')
{
	echo "safe points on CPU-bound C, -O2: CPU seconds, best of $reps interleaved, on CPU $cpu" \
		"($(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n1)), load average at start $load"
	echo "$table"
} | tee "$build/bench/preempt-results.txt"
[ "$errors" -eq 0 ]
