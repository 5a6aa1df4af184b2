#!/bin/bash
# scripts/stress.sh BUILD_DIR - `make stress`: the runtime's test programs
# (test/runtime, test/chan, test/sync, test/time) run many times with more
# Ps than the machine has CPUs, each run's output and exit status compared
# with the program's run at P=1.  The lit tests run each program once or
# twice; races in the scheduler show up only over many runs, and more often
# when Ms are descheduled mid-operation.
#
# One more leg runs each program at P=4 against libgocc built with
# -DGOCC_LOCKRANK, which dies on a lock taken out of runtime.h's order.
#
# Environment: STRESS_RUNS (runs per P count, default 20), STRESS_PROCS (P
# counts, default "2 3 4" and twice the CPUs).  Ends with "stress: N runs,
# N mismatches, N builds failed"; exits non-zero on any.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: scripts/stress.sh BUILD_DIR}" && pwd)
runs=${STRESS_RUNS:-20}
procs=${STRESS_PROCS:-"2 3 4 $((2 * $(nproc)))"}
out=$build/stress
mkdir -p "$out"
"$top/scripts/libgocc.sh" "$out/lockrank" -DGOCC_LOCKRANK || exit 1

# Run a program; its output with the dump's wait times (", 0.004s") blanked.
run() {
	GOCC_MAXPROCS=$1 timeout 120 "$2" 2>&1 | sed -E 's/, [0-9]+\.[0-9]+s/, Ns/g'
	echo "exit ${PIPESTATUS[0]}"
}

total=0
bad=0
failed=0
for src in "$top"/test/{runtime,chan,sync,time}/*.c; do
	name=$(basename "$(dirname "$src")")/$(basename "$src" .c)
	case $name in
	# Output that depends on the machine.
	runtime/maxprocs | runtime/no_thread | runtime/backtrace | runtime/overflow) continue ;;
	# The order in which one P runs goroutines (at more Ps it is free).
	runtime/fairness | runtime/yield | chan/select_fair) continue ;;
	# One fault per command-line argument; without one they do nothing.
	runtime/fatal_wg | chan/faults | sync/faults) continue ;;
	esac
	bin=$out/${name//\//-}
	gcc -O2 -g -I "$top/include" "$src" -o "$bin" "$build/runtime/libgocc.a" \
		-lpthread -lm &&
	gcc -O2 -g -I "$top/include" "$src" -o "$bin-lockrank" "$out/lockrank/libgocc.a" \
		-lpthread -lm || { echo "$name: build failed"; failed=$((failed + 1)); continue; }
	ref=$(run 1 "$bin")
	# Legs: P count and binary.
	legs=""
	for p in $procs; do
		legs="$legs $p:$bin"
	done
	legs="$legs 4:$bin-lockrank"
	mismatches=0
	nruns=0
	for leg in $legs; do
		p=${leg%%:*}
		prog=${leg#*:}
		for ((i = 1; i <= runs; i++)); do
			got=$(run "$p" "$prog")
			nruns=$((nruns + 1))
			[ "$got" == "$ref" ] && continue
			mismatches=$((mismatches + 1))
			if [ "$mismatches" -eq 1 ]; then
				echo "$name: $(basename "$prog") at P=$p run $i differs from P=1:"
				diff <(echo "$ref") <(echo "$got") | head -n 8 | sed 's/^/  /'
			fi
		done
	done
	total=$((total + nruns))
	echo "$name: $nruns runs, $mismatches mismatches"
	bad=$((bad + mismatches))
done
echo "stress: $total runs, $bad mismatches, $failed builds failed"
[ "$bad" -eq 0 ] && [ "$failed" -eq 0 ]
