#!/bin/bash
# scripts/stress.sh BUILD_DIR - `make stress`: the runtime's test programs
# (test/runtime, test/chan, test/sync, test/time) run many times with more
# Ps than the machine has CPUs, each run's output and exit status compared
# with the program's run at P=1.  The lit tests run each program once or
# twice; races in the scheduler show up only over many runs, and more often
# when Ms are descheduled mid-operation.
#
# Environment: STRESS_RUNS (runs per P count, default 20), STRESS_PROCS (P
# counts, default "2 3 4" and twice the CPUs).  Ends with "stress: N runs,
# N mismatches, N builds failed"; exits non-zero on any.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: scripts/stress.sh BUILD_DIR}" && pwd)
runs=${STRESS_RUNS:-20}
procs=${STRESS_PROCS:-"2 3 4 $((2 * $(nproc)))"}
nprocs=$(echo $procs | wc -w)
out=$build/stress
mkdir -p "$out"

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
		-lpthread -lm || { echo "$name: build failed"; failed=$((failed + 1)); continue; }
	ref=$(run 1 "$bin")
	mismatches=0
	for p in $procs; do
		for ((i = 1; i <= runs; i++)); do
			got=$(run "$p" "$bin")
			total=$((total + 1))
			[ "$got" == "$ref" ] && continue
			mismatches=$((mismatches + 1))
			if [ "$mismatches" -eq 1 ]; then
				echo "$name: P=$p run $i differs from P=1:"
				diff <(echo "$ref") <(echo "$got") | head -n 8 | sed 's/^/  /'
			fi
		done
	done
	echo "$name: $((runs * nprocs)) runs, $mismatches mismatches"
	bad=$((bad + mismatches))
done
echo "stress: $total runs, $bad mismatches, $failed builds failed"
[ "$bad" -eq 0 ] && [ "$failed" -eq 0 ]
