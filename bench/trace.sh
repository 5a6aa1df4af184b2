#!/bin/bash
# bench/trace.sh BUILD_DIR - what GOCC_TRACE costs (issue 15): the runtime
# benchmarks of bench/c three ways, at P=1 and P=2, repetitions
# interleaved with the order rotating (bench/compile/common.sh), so that
# all three see the same machine:
#
#   notrace  libgocc compiled with -DGOCC_NOTRACE: no trace hooks at all
#   off      libgocc as shipped, GOCC_TRACE unset: each hook one branch
#   on       the same program with GOCC_TRACE=/dev/null: every event is
#            recorded, formatted and written; the kernel drops the bytes,
#            so a disk's speed does not enter
#
# off/notrace is what the hooks cost a program that does not trace; the
# target is 1.01 (no benchmark more than 1% slower).  on/off is what
# tracing costs; it is reported, with no target.  Beside the times, the
# instructions each of notrace and off runs at P=1 (callgrind, one run of
# a smaller size each): a count the machine's other load cannot move, for
# the hooks' cost on a machine too busy to time 1%.  Both libraries are built
# from the same sources by scripts/libgocc.sh with the CMake build's code
# flags, so that they differ in the hooks alone.  parked is left out: it
# measures memory, which the hooks do not change.  Each program times
# only its own work (bench/c/bench.h): the trace written at exit is not
# counted.
#
# Each side's figure is its fastest repetition, not the median: the hooks
# cost a few instructions each, and on a shared machine the others' load
# adds far more than 1% to most runs; the fastest run is the one least
# disturbed.  Prints the figures and the ratios, and writes the table to
# BUILD_DIR/bench/trace-results.txt.  Exits non-zero if a program failed
# or hung; a missed target shows in the table but is no error.
# Environment: BENCH_REPS (default 7), BENCH_TIMEOUT (seconds a run,
# default 300).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: bench/trace.sh BUILD_DIR}" && pwd)
out=$build/bench/trace
reps=${BENCH_REPS:-7}
limit=${BENCH_TIMEOUT:-300}
# Each with the size of its callgrind runs.
benchmarks="spawn 100000
skynet 100000
skynet_chan 100000
pingpong 100000
ring 300000
sieve 500"
. "$top/bench/compile/common.sh"      # interleave

rm -rf "$out"
mkdir -p "$out/raw"
flags="-fPIC -fno-omit-frame-pointer"
"$top/scripts/libgocc.sh" "$out/notrace" native $flags -DGOCC_NOTRACE &&
"$top/scripts/libgocc.sh" "$out/hooks" native $flags ||
	{ echo "bench/trace: building libgocc failed" >&2; exit 1; }
for b in $(echo "$benchmarks" | cut -d' ' -f1); do
	for lib in notrace hooks; do
		gcc -O2 -I "$top/include" "$top/bench/c/$b.c" "$out/$lib/libgocc.a" \
			-lpthread -lm -o "$out/$b-$lib" ||
			{ echo "bench/trace: building $b failed" >&2; exit 1; }
	done
done

errors=0
# run NAME/P SIDE: one run; its "<unit> <value>" line appended to
# raw/NAME-P-SIDE.  A failure marks the side failed (no further runs).
run() {
	local name=${1%/*} p=${1#*/} side=$2 raw log status
	raw=$out/raw/$name-$p-$side
	log=$raw.log
	[ -e "$raw.failed" ] && return
	case $side in
	notrace) set -- env "$out/$name-notrace" ;;
	off) set -- env "$out/$name-hooks" ;;
	on) set -- env GOCC_TRACE=/dev/null "$out/$name-hooks" ;;
	esac
	GOCC_MAXPROCS=$p timeout "$limit" "$@" >"$log" 2>&1
	status=$?
	if [ "$status" -ne 0 ] || ! awk 'NF == 2 && $2 ~ /^[0-9.]+$/ { line = $0 }
			END { if (line) print line; else exit 1 }' "$log" >>"$raw"; then
		echo "exit status $status" >>"$log"
		touch "$raw.failed"
		errors=$((errors + 1))
		echo "$name P=$p $side failed:"
		tail -n5 "$log" | sed 's/^/  /'
	fi
}

# The fastest of a side's runs, or - if it failed.
value() {
	[ -e "$1.failed" ] && { echo -; return; }
	cut -d' ' -f2 "$1" | sort -g | head -n1
}

# Instructions of NAME-LIB at P=1 and size SIZE, or - if valgrind failed.
instructions() {
	GOCC_MAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$out/$1-$2" "$3" 2>&1 >/dev/null | sed -n 's/.*Collected : //p' | grep . || echo -
}

rows=
while read -r b size; do
	instr="$(instructions "$b" notrace "$size") $(instructions "$b" hooks "$size")"
	for p in 1 2; do
		interleave "$reps" "$b/$p" notrace off on
		unit=$(cut -d' ' -f1 "$out/raw/$b-$p-off" 2>/dev/null | tail -n1)
		rows+="$b $p ${unit:--} $(value "$out/raw/$b-$p-notrace") $(value "$out/raw/$b-$p-off") $(value "$out/raw/$b-$p-on") $instr"$'\n'
		instr="- -"
		echo "$b P=$p done"
	done
done <<<"$benchmarks"

load=$(cut -d' ' -f1 /proc/loadavg)
{
	echo "GOCC_TRACE's cost, $(date -u '+%F %H:%M UTC'), $(nproc) CPUs," \
		"fastest of $reps, load average at end $load"
	printf '%s' "$rows" | awk '
		BEGIN { printf "%-12s %2s %-10s %10s %10s %10s %11s %7s %12s %s\n", "benchmark", "P",
			"unit", "notrace", "off", "on", "off/notrace", "on/off", "instructions", "result" }
		{
			r1 = ($4 != "-" && $5 != "-" && $4 > 0) ? sprintf("%.3f", $5 / $4) : "-"
			r2 = ($5 != "-" && $6 != "-" && $5 > 0) ? sprintf("%.2f", $6 / $5) : "-"
			r3 = ($7 != "-" && $8 != "-" && $7 > 0) ? sprintf("%.4f", $8 / $7) : "-"
			result = r1 == "-" ? "ERROR (run)" : (r1 + 0 <= 1.01 ? "pass" : "FAIL")
			printf "%-12s %2s %-10s %10s %10s %10s %11s %7s %12s %s\n", $1, $2, $3, $4, $5, $6, r1, r2, r3, result
		}'
	echo "target: off/notrace <= 1.01 (tracing off costs at most 1%); on/off: what tracing costs;"
	echo "instructions: off/notrace at P=1 (callgrind), which the machine's load does not move"
} | tee "$build/bench/trace-results.txt"
[ "$errors" -eq 0 ]
