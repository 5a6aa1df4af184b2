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
# The same programs cross-built for AArch64 (scripts/libgocc.sh, as
# test/arch) also run under qemu-user at P=2 and P=4, against the same
# native P=1 output, so that the AArch64 build's own code (its context
# switch, its atomics) gets stressed too.  Last, test/io/socket drops
# 100,000 connections mid-request at P=1 and P=2: no descriptor or memory
# may leak (its lit run drops 6,000).
#
# Environment: STRESS_RUNS (runs per P count, default 20), STRESS_PROCS (P
# counts, default "2 3 4" and twice the CPUs), STRESS_ARM_RUNS (runs per P
# count under qemu, default a quarter of STRESS_RUNS).  Ends with "stress:
# N runs, N mismatches, N builds failed"; exits non-zero on any.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: scripts/stress.sh BUILD_DIR}" && pwd)
runs=${STRESS_RUNS:-20}
armruns=${STRESS_ARM_RUNS:-$(((runs + 3) / 4))}
procs=${STRESS_PROCS:-"2 3 4 $((2 * $(nproc)))"}
out=$build/stress
mkdir -p "$out"

# Run a program at P=$1; its output with the dump's wait times (", 0.004s")
# blanked.
run() {
	GOCC_MAXPROCS=$1 timeout 120 "${@:2}" 2>&1 | sed -E 's/, [0-9]+\.[0-9]+s/, Ns/g'
	echo "exit ${PIPESTATUS[0]}"
}

total=0
bad=0
failed=0

# Run "${@:4}" $3 times at each P count of $2, comparing with $ref; one
# line for program $1.
compare() {
	local name=$1 ps=$2 mismatches=0 n=0 p i got
	for p in $ps; do
		for ((i = 1; i <= $3; i++)); do
			got=$(run "$p" "${@:4}")
			n=$((n + 1))
			[ "$got" == "$ref" ] && continue
			mismatches=$((mismatches + 1))
			if [ "$mismatches" -eq 1 ]; then
				echo "$name: P=$p run $i differs from P=1:"
				diff <(echo "$ref") <(echo "$got") | head -n 8 | sed 's/^/  /'
			fi
		done
	done
	echo "$name: $n runs, $mismatches mismatches"
	total=$((total + n))
	bad=$((bad + mismatches))
}

"$top/scripts/libgocc.sh" "$out/lockrank" native -DGOCC_LOCKRANK || exit 1

arm=
if command -v qemu-aarch64 >/dev/null && command -v aarch64-linux-gnu-gcc >/dev/null; then
	if "$top/scripts/libgocc.sh" "$out/arm64" arm64; then
		arm=$out/arm64
	else
		echo "arm64: libgocc build failed"
		failed=$((failed + 1))
	fi
else
	echo "arm64: skipped (no qemu-aarch64 or aarch64-linux-gnu-gcc)"
fi

for src in "$top"/test/{runtime,chan,sync,time}/*.c; do
	name=$(basename "$(dirname "$src")")/$(basename "$src" .c)
	case $name in
	# Output that depends on the machine (addresses, times, the trace).
	runtime/maxprocs | runtime/no_thread | runtime/backtrace | runtime/overflow) continue ;;
	runtime/crash | runtime/traceback | runtime/checkdead_cost | runtime/schedtrace) continue ;;
	# The order in which one P runs goroutines (at more Ps it is free).
	runtime/fairness | runtime/yield | chan/select_fair) continue ;;
	# One fault per command-line argument; without one they do nothing
	# (main_exit crashes).
	runtime/fatal_wg | runtime/main_exit | chan/faults | sync/faults) continue ;;
	esac
	bin=$out/${name//\//-}
	gcc -O2 -g -I "$top/include" "$src" -o "$bin" "$build/runtime/libgocc.a" \
		-lpthread -lm &&
	gcc -O2 -g -I "$top/include" "$src" -o "$bin-lockrank" "$out/lockrank/libgocc.a" \
		-lpthread -lm || { echo "$name: build failed"; failed=$((failed + 1)); continue; }
	ref=$(run 1 "$bin")
	compare "$name" "$procs" "$runs" "$bin"
	compare "$name (lockrank)" 4 "$runs" "$bin-lockrank"
	[ -n "$arm" ] || continue
	case $name in
	# qemu's own threads keep checkdead from ever declaring a deadlock.
	chan/deadlock) continue ;;
	# Resident memory counts qemu's; timing stretches under emulation.
	runtime/parked | sync/starvation) continue ;;
	# A million goroutines take seconds a run (test/arch spawns 5000).
	runtime/spawn_million | chan/skynet) continue ;;
	esac
	aarch64-linux-gnu-gcc -O2 -static -I "$top/include" "$src" -o "$bin.arm64" \
		"$arm/libgocc.a" -lpthread -lm || { echo "$name (arm64): build failed"; failed=$((failed + 1)); continue; }
	compare "$name (arm64)" "2 4" "$armruns" qemu-aarch64 "$bin.arm64"
done

sock=$out/io-socket
if gcc -O2 -g -fplugin="$build/plugin/gocc.so" -I "$top/include" \
	"$top/test/io/socket.c" -o "$sock" "$build/runtime/libgocc.a" -lpthread -lm; then
	for p in 1 2; do
		total=$((total + 1))
		got=$(GOCC_MAXPROCS=$p timeout 600 "$sock" 10000 10 2>&1)
		echo "$got" | grep -q "^100000 connections dropped mid-request: descriptors leaked: 0, memory grew after the first 10000: no$" || {
			echo "io/socket: 100,000 connections at P=$p:"
			echo "$got" | tail -5
			bad=$((bad + 1))
		}
	done
else
	echo "io/socket: build failed"
	failed=$((failed + 1))
fi
echo "stress: $total runs, $bad mismatches, $failed builds failed"
[ "$bad" -eq 0 ] && [ "$failed" -eq 0 ]
