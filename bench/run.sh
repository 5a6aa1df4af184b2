#!/bin/bash
# bench/run.sh BUILD_DIR - `make bench`: every gocc benchmark (bench/c)
# beside its Go twin (bench/go), at P=1 and P=2, repetitions interleaved
# (gocc, Go, gocc, Go, ...) so both sides see the same machine.  Prints the
# medians and the gocc/Go ratio against the target, writes the table to
# BUILD_DIR/bench/results.txt and a chart of the ratios to
# BUILD_DIR/bench/ratios.png, then prints the compile benchmarks' lines
# (bench/compile), what safe points cost CPU-bound C (bench/preempt.sh),
# what GOCC_TRACE costs (bench/trace.sh), and last the I/O benchmarks
# (bench/io.sh); those three write their own tables in BUILD_DIR/bench
# (preempt-results.txt, trace-results.txt, io-results.txt).  Exits
# non-zero if a program failed, hung or computed a wrong result; a missed
# target shows in the table but is no error.
#
# Environment: BENCH_REPS (default 5), BENCH_ONLY="<name> ..." (just those,
# and no compile benchmarks; "preempt", "trace" and "io" name the
# scripts', so BENCH_ONLY=io runs just the I/O benchmarks), BENCH_TIMEOUT
# (seconds per run, default 300).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: bench/run.sh BUILD_DIR}" && pwd)
out=$build/bench
reps=${BENCH_REPS:-5}
only=${BENCH_ONLY:-}
limit=${BENCH_TIMEOUT:-300}

# name, what the target bounds (the gocc/Go ratio, or gocc's own figure),
# the bound.  Each program prints "<unit> <value>"; smaller is better.
benchmarks="spawn ratio 0.5
skynet ratio 0.5
skynet_chan ratio 0.5
parked gocc 4.5
pingpong ratio 0.5
ring ratio 0.5
sieve ratio 0.5"

# The benchmarks with scripts of their own, bench/NAME.sh: unless BENCH_ONLY
# leaves them out.
scripts="preempt trace io"
# run_scripts: each of $scripts; fails if one did.
run_scripts() {
	local s rc=0
	for s in $scripts; do
		"$top/bench/$s.sh" "$build" || { echo "bench: $s.sh failed"; rc=1; }
	done
	return $rc
}
if [ -n "$only" ]; then
	picked=
	for s in $scripts; do
		case " $only " in *" $s "*) picked="$picked $s" ;; esac
		only=$(echo " $only " | sed "s/ $s / /g; s/^ *//; s/ *$//")
	done
	scripts=$picked
	[ -z "$only" ] && { run_scripts; exit; }
	for b in $only; do
		echo "$benchmarks" | grep -q "^$b " || { echo "bench: no benchmark named $b" >&2; exit 2; }
	done
	benchmarks=$(echo "$benchmarks" | awk -v only=" $only " 'index(only, " " $1 " ")')
fi
[ -f "$build/runtime/libgocc.a" ] ||
	{ echo "bench: $build/runtime/libgocc.a is missing; build first" >&2; exit 2; }

rm -rf "$out/raw"
mkdir -p "$out/raw"
export GOCACHE=$out/gocache GOPATH=$out/gopath GO111MODULE=off GOFLAGS=

# Build NAME-gocc (the README's command) and NAME-go into $out.
build_pair() {
	gcc -O2 -I "$top/include" "$top/bench/c/$1.c" "$build/runtime/libgocc.a" \
		-lpthread -lm -o "$out/$1-gocc" &&
	(cd "$top/bench/go" && go build -o "$out/$1-go" "$1.go" bench.go)
}

# Run NAME-SIDE at P Ps; append its "<unit> <value>" line to its raw file.
# A crash, a timeout or a missing line is noted in the run's log.
run_one() {
	local log=$out/raw/$1-$2-P$3.log status
	# Run in a command substitution with stderr closed, so that bash's
	# "Aborted" notice for a crashed program goes nowhere.
	status=$({ GOCC_MAXPROCS=$3 GOMAXPROCS=$3 timeout "$limit" "$out/$1-$2" \
		>"$log" 2>&1; echo $?; } 2>/dev/null)
	case $status in
	0) ;;
	124) echo "timed out after ${limit}s" >>"$log"; return 1 ;;
	*) echo "exit status $status" >>"$log"; return 1 ;;
	esac
	awk 'NF == 2 && $2 ~ /^[0-9.]+$/ { line = $0 } END { if (line) print line; else exit 1 }' \
		"$log" >>"$out/raw/$1-$2-P$3" ||
		{ echo "no \"<unit> <value>\" line in the output" >>"$log"; return 1; }
}

# Field F of the latest "<unit> <value>" line of raw file NAME, or "-".
last() {
	local v
	v=$(tail -qn1 "$out/raw/$1" 2>/dev/null | cut -d' ' -f"$2")
	echo "${v:--}"
}

# The median value of a raw file; nothing if that side failed.
median() {
	[ -e "$1.failed" ] || awk '{ print $2 }' "$1" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR) print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

load=$(cut -d' ' -f1 /proc/loadavg)   # others' work skews figures: say so
errors=0
rows=
while read -r name bound_kind bound; do
	if ! build_pair "$name" >"$out/raw/$name-build.log" 2>&1; then
		echo "$name: build failed:"; grep -m5 . "$out/raw/$name-build.log" | sed 's/^/  /'
		rows+="$name 1 - - - build-failed"$'\n'
		errors=$((errors + 1))
		continue
	fi
	for p in 1 2; do
		for ((r = 1; r <= reps; r++)); do
			for side in gocc go; do
				[ -e "$out/raw/$name-$side-P$p.failed" ] && continue
				run_one "$name" "$side" "$p" && continue
				touch "$out/raw/$name-$side-P$p.failed"
				errors=$((errors + 1))
				echo "$name P=$p $side failed in rep $r:"
				tail -n5 "$out/raw/$name-$side-P$p.log" | sed 's/^/  /'
			done
			echo "$name P=$p rep $r/$reps: gocc $(last "$name-gocc-P$p" 2), go $(last "$name-go-P$p" 2)"
		done
		unit=$(last "$name-go-P$p" 1)
		gocc=$(median "$out/raw/$name-gocc-P$p")
		go=$(median "$out/raw/$name-go-P$p")
		rows+="$name $p $unit ${gocc:--} ${go:--} $bound_kind $bound"$'\n'
	done
done <<<"$benchmarks"

# One row per benchmark and P: the verdict against the target.
table=$(printf '%s' "$rows" | awk '
	BEGIN { printf "%-12s %2s %-10s %12s %12s %7s %-14s %s\n",
		"benchmark", "P", "unit", "gocc", "go", "ratio", "target", "result" }
	$6 == "build-failed" { printf "%-12s %2s %-10s %12s %12s %7s %-14s %s\n",
		$1, "-", "-", "-", "-", "-", "-", "ERROR (build)"; next }
	{
		ratio = ($4 != "-" && $5 != "-" && $5 > 0) ? sprintf("%.2f", $4 / $5) : "-"
		target = ($6 == "ratio" ? "ratio<=" : "gocc<=") $7
		v = $6 == "ratio" ? ratio : $4
		result = v == "-" ? "ERROR (run)" : (v + 0 <= $7 + 0 ? "pass" : "FAIL")
		printf "%-12s %2s %-10s %12s %12s %7s %-14s %s\n", $1, $2, $3, $4, $5, ratio, target, result
	}')
passed=$(echo "$table" | awk '$NF == "pass"' | wc -l)
total=$(($(echo "$table" | wc -l) - 1))
{
	echo "gocc vs Go $(go version | cut -d' ' -f3), $(date -u '+%F %H:%M UTC')," \
		"$(nproc) CPUs ($(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n1)), medians of $reps," \
		"load average at start $load"
	echo "$table"
	echo "bench: $passed of $total within target"
} | tee "$out/results.txt"

# The chart: gocc/Go per benchmark, P=1 and P=2 side by side.
echo "$table" | awk 'NR > 1 && $2 != "-" { r[$1, $2] = $6; if (!($1 in seen)) { seen[$1]; order[++n] = $1 } }
	END { for (i = 1; i <= n; i++) print order[i], r[order[i], 1], r[order[i], 2] }' >"$out/ratios.dat"
gnuplot <<EOF
set terminal pngcairo size 900,500 noenhanced
set output "$out/ratios.png"
set title "gocc time / Go time (lower is better; target 0.5; parked is memory, target gocc <= 4.5 KiB)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set datafile missing "-"
set yrange [0:1<*]
set ylabel "gocc / Go"
set grid ytics
set arrow from graph 0, first 0.5 to graph 1, first 0.5 nohead lw 2 dt 2 lc rgb "red"
plot "$out/ratios.dat" using 2:xtic(1) title "P=1", "" using 3 title "P=2"
EOF
echo "bench: chart $out/ratios.png, table $out/results.txt"

# The compilers' own benchmarks (not when BENCH_ONLY picks some of ours).
[ -n "$only" ] || for s in plugin rewriter; do
	"$top/bench/compile/$s.sh" "$build" | tee -a "$out/results.txt"
	[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "bench: compile/$s.sh failed"; errors=$((errors + 1)); }
done
run_scripts || errors=$((errors + 1))
[ "$errors" -eq 0 ]
