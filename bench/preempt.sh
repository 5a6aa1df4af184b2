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
# Each pair, off and all, rewrite and rw-preempt, is linked into one
# program (bench/preempt/ab.c) that runs the two round by round,
# alternating, and prints the median of the rounds' time ratios: on a
# machine shared with other work, separate runs of a second or more
# differ by up to 2x, rounds side by side by a few percent.  Each program
# runs BENCH_REPS times pinned to one CPU, the pairs interleaved (the order
# rotating, bench/compile/common.sh); the figure is the median of the
# runs' ratios, and their range shows the noise.  Prints all/off per kernel
# and their geometric mean against the targets (<= 1.05 each, <= 1.02 the
# mean), and rw-preempt/rewrite (no target: clang does not vectorize a
# loop that holds the check's call); writes the table to
# BUILD_DIR/bench/preempt-results.txt.  Exits non-zero if a build or a run
# failed or the builds' results differed; a missed target shows in the
# table but is no error.
#
# Environment: BENCH_REPS (default 5), BENCH_PREEMPT_ONLY="<kernel> ..."
# (just those).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: bench/preempt.sh BUILD_DIR}" && pwd)
out=$build/bench/preempt
reps=${BENCH_REPS:-5}
all="nbody spectralnorm fannkuch mandelbrot binarytrees zlib"
kernels=${BENCH_PREEMPT_ONLY:-$all}
. "$top/bench/compile/common.sh"

for k in $kernels; do
	case " $all " in *" $k "*) continue ;; esac
	{ echo "bench/preempt: no kernel named $k" >&2; exit 2; }
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

# side KERNEL SIDE AS: the kernel's sources (zlib's with it) built as SIDE
# into one object, $out/obj/KERNEL-SIDE.o, whose only global symbols are
# kernel_init_AS and kernel_round_AS.
side() {
	local srcs=$top/bench/preempt/$1.c objs= s o dir=$out/obj/$1-$2
	[ "$1" != zlib ] || srcs="$srcs $zlib/adler32.c $zlib/crc32.c $zlib/deflate.c $zlib/trees.c $zlib/zutil.c"
	mkdir -p "$dir"
	for s in $srcs; do
		o=$dir/$(basename "$s" .c).o
		compile "$2" "$s" "$o" || return 1
		objs="$objs $o"
	done
	ld -r $objs -o "$dir.o" &&
	objcopy --keep-global-symbol=kernel_init --keep-global-symbol=kernel_round "$dir.o" &&
	objcopy --redefine-sym kernel_init=kernel_init_$3 \
		--redefine-sym kernel_round=kernel_round_$3 "$dir.o"
}

# pair KERNEL A B NAME: $out/KERNEL-NAME, running builds A and B.
pair() {
	side "$1" "$2" a && side "$1" "$3" b &&
	gcc -O2 "$top/bench/preempt/ab.c" "$out/obj/$1-$2.o" "$out/obj/$1-$3.o" \
		"$build/runtime/libgocc.a" -lpthread -lm -o "$out/$1-$4"
}

# run KERNEL PAIR: one run; its lines, joined, go to KERNEL-PAIR.runs.  Its
# result must be the kernel's first run's.
run() {
	[ -e "$out/$1.failed" ] && return
	local log=$out/$1-$2.log check
	if taskset -c "$cpu" timeout 600 "$out/$1-$2" >"$log" 2>&1; then
		check=$(sed -n 's/^check //p' "$log")
		[ -s "$out/$1.check" ] || echo "$check" >"$out/$1.check"
		if [ "$check" = "$(cat "$out/$1.check")" ]; then
			echo $(cat "$log") >>"$out/$1-$2.runs"
			return
		fi
		echo "result \"$check\", not \"$(cat "$out/$1.check")\" as before" >>"$log"
	fi
	echo "bench/preempt: $1-$2 failed:"
	tail -n5 "$log" | sed 's/^/  /'
	touch "$out/$1.failed"
}

# summary FILE: the medians of a's and b's seconds and of the ratios over
# the runs in FILE, and the smallest and largest ratio.
summary() {
	local f
	for f in a b ratio; do
		awk -v f=$f '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }' "$1" >"$1.$f"
		median "$1.$f"
	done | tr '\n' ' '
	sort -g "$1.ratio" | sed -n '1p;$p' | tr '\n' ' '
}

load=$(cut -d' ' -f1 /proc/loadavg)   # others' work skews figures: say so
errors=0
rows=
for k in $kernels; do
	for p in "off all gcc" "rewrite rw-preempt clang"; do
		set -- $p
		pair "$k" "$1" "$2" "$3" >"$out/$k-$3.build.log" 2>&1 && continue
		echo "bench/preempt: building $k ($1, $2) failed:"
		grep -m5 . "$out/$k-$3.build.log" | sed 's/^/  /'
		touch "$out/$k.failed"
	done
	interleave "$reps" "$k" gcc clang
	if [ -e "$out/$k.failed" ]; then
		errors=$((errors + 1))
		continue
	fi
	rows+="$k $(summary "$out/$k-gcc.runs") $(summary "$out/$k-clang.runs")"$'\n'
done

# Per kernel: each side's seconds, the ratio and the range of the runs'
# ratios; then the geometric means.
table=$(printf '%s' "$rows" | awk '
	function verdict(r, bound) { return r <= bound ? "pass" : "FAIL" }
	BEGIN { printf "%-12s %6s %6s %6s %-13s %-6s %7s %10s %6s %s\n", "kernel", "off", "all",
		"ratio", "(range)", "<=1.05", "rewrite", "rw-preempt", "ratio", "(range)" }
	{
		la += log($4); lr += log($9); n++
		printf "%-12s %6.2f %6.2f %6.3f %-13s %-6s %7.2f %10.2f %6.3f %s\n",
			$1, $2, $3, $4, sprintf("(%.3f-%.3f)", $5, $6), verdict($4, 1.05),
			$7, $8, $9, sprintf("(%.3f-%.3f)", $10, $11)
	}
	END {
		if (!n) exit
		a = exp(la / n)
		printf "%-12s %6s %6s %6.3f %-13s %-6s %7s %10s %6.3f\n", "geomean", "", "",
			a, "", verdict(a, 1.02), "", "", exp(lr / n)
	}')
{
	echo "safe points on CPU-bound C, -O2: CPU seconds and time ratios, medians of $reps runs" \
		"on CPU $cpu ($(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n1)), load average at start $load;" \
		"targets: all/off <= 1.05 each, <= 1.02 the geomean"
	echo "$table"
} | tee "$build/bench/preempt-results.txt"
[ "$errors" -eq 0 ]
