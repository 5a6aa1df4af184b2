#!/bin/bash
# bench/io.sh BUILD_DIR - the I/O benchmarks of `make bench` (issue 13):
# each gocc server beside its Go peers in one run, repetitions interleaved
# (the order rotating, bench/compile/common.sh) so that all see the same
# machine.  bench/run.sh runs it last; it also runs alone.
#
#   http  examples/httpd against bench/go/httpd.go (the same parsing and
#         system calls on net.Listener and bufio) and bench/go/nethttp.go
#         (Go's net/http), loaded by wrk at 50 and 500 connections:
#         requests/s (gocc/Go >= 1.2, gocc/net/http >= 1.5) and wrk's p99
#         latency (gocc/Go <= 1: no worse).
#   echo  bench/c/echo.c against bench/go/echo.go, 1,000 connections of
#         bench/go/echoclient.go each sending 64 bytes and reading them
#         back: messages/s, gocc/Go >= 1.2.
#   mem   the same echo servers holding 10,000 idle connections, each
#         after one round trip: the server's VmRSS growth per connection,
#         gocc/Go <= 1.
#
# Each at P=1 (GOCC_MAXPROCS=GOMAXPROCS=1) with the server pinned to one
# CPU and the load to another (taskset), then at P=2 unpinned.  Servers run
# under scripts/with-server.sh, so each is stopped whatever happens, and
# everything talks to 127.0.0.1 only.  Prints the medians, the ratios and
# pass/FAIL, and writes the table to BUILD_DIR/bench/io-results.txt.  Exits
# non-zero if a program failed to build, a run failed or hung, wrk saw
# errors, or an echo came back wrong; a missed target shows in the table
# but is no error.
#
# Environment: BENCH_REPS (default 3: every repetition is seconds of load
# per side), BENCH_IO_SECS (seconds of load per run, default 5),
# BENCH_IO_ONLY="http echo mem" (just those).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: bench/io.sh BUILD_DIR}" && pwd)
out=$build/bench/io
reps=${BENCH_REPS:-3}
secs=${BENCH_IO_SECS:-5}
only=${BENCH_IO_ONLY:-http echo mem}
# A run is its load plus a server's start (with-server.sh allows 20 s).
limit=$((secs + 60))
idle=10000
. "$top/bench/compile/common.sh"

for b in $only; do
	case $b in http | echo | mem) ;; *) echo "bench/io: no benchmark named $b" >&2; exit 2 ;; esac
done
for f in runtime/libgocc.a plugin/gocc.so; do
	[ -f "$build/$f" ] || { echo "bench/io: $build/$f is missing; build first" >&2; exit 2; }
done
# The 10,000 idle connections are 10,000 descriptors in the server and as
# many in the client (the limit is each process's): raise the soft limit
# as far as the hard one allows (raising that needs CAP_SYS_RESOURCE, which
# a container may lack).
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((idle + 256)) ] ||
	{ echo "bench/io: the open-file limit, $(ulimit -n), is below $((idle + 256))" >&2; exit 2; }
# The pinned layout: the first two CPUs this script may use, one for the
# server and one for the load.
read -r cpu_server cpu_load < <(taskset -cp $$ | sed 's/.*: //' | tr , '\n' |
	awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) printf "%s ", c }')
[ -n "$cpu_load" ] || { echo "bench/io: the pinned layout needs two CPUs" >&2; exit 2; }

rm -rf "$out"
mkdir -p "$out/raw"
export GOCACHE=$build/bench/gocache GOPATH=$build/bench/gopath GO111MODULE=off GOFLAGS=

# The servers (SERVER-SIDE) and the echo client, into $out: gocc's with
# the README's plugin command line.
build_all() {
	local cc="gcc -O2 -fplugin=$build/plugin/gocc.so -I $top/include"
	local lib="$build/runtime/libgocc.a -lpthread -lm"
	$cc "$top/examples/httpd.c" $lib -o "$out/httpd-gocc" &&
	$cc "$top/bench/c/echo.c" $lib -o "$out/echo-gocc" &&
	(cd "$top/bench/go" &&
		go build -o "$out/httpd-go" httpd.go &&
		go build -o "$out/httpd-nethttp" nethttp.go &&
		go build -o "$out/echo-go" echo.go &&
		go build -o "$out/echoclient" echoclient.go bench.go)
}

# load P SERVER COMMAND: start SERVER at P Ps and run the shell command
# COMMAND against it (PORT and SERVER_PID set).  At P=1 the server is
# pinned to one CPU and COMMAND to the other; the load gets the same
# GOMAXPROCS (echoclient) or P threads (wrk), one per CPU it may use.
# Waited for in the background, so that the trap below can stop it.
load() {
	local p=$1 server=$2 cmd=$3 pin=""
	[ "$p" = 1 ] && pin="taskset -c $cpu_server"
	[ "$p" = 1 ] && cmd="taskset -c $cpu_load $cmd"
	GOCC_MAXPROCS=$p GOMAXPROCS=$p timeout "$limit" $pin \
		"$top/scripts/with-server.sh" "$server" "$cmd" &
	running=$!
	wait $running
}
# timeout signals its whole process group (with-server.sh, the server and
# the load), and with-server.sh stops the server on that signal too.
running=
trap '[ -n "$running" ] && kill "$running" 2>/dev/null; exit 1' INT TERM HUP

# run BENCH/P/CONNS SIDE: one run of the benchmark against SIDE's server;
# appends its figures to $out/raw/BENCH-P-CONNS-SIDE.<metric>.  A failure
# marks the side failed (no further runs) and shows the log's end.
run() {
	local bench p conns side=$2 raw log status
	IFS=/ read -r bench p conns <<<"$1"
	raw=$out/raw/$bench-$p-$conns-$side
	log=$raw.log
	[ -e "$raw.failed" ] && return
	measure "$bench" "$p" "$conns" "$side" "$raw" >"$log" 2>&1
	status=$?
	if [ "$status" -ne 0 ]; then
		[ "$status" -eq 124 ] && echo "timed out after ${limit}s" >>"$log"
		echo "exit status $status" >>"$log"
		touch "$raw.failed"
		errors=$((errors + 1))
		echo "$bench P=$p conns=$conns $side failed:"
		tail -n5 "$log" | sed 's/^/  /'
		return
	fi
	local figures="" f
	for f in "$raw".*; do
		case $f in *.log) ;; *) figures+=" ${f##*.} $(tail -n1 "$f")" ;; esac
	done
	echo "$bench P=$p conns=$conns $side:$figures"
}

# measure BENCH P CONNS SIDE RAW: the run itself, its output on stdout,
# which run() keeps in RAW.log and the figures are read from.
measure() {
	local bench=$1 p=$2 conns=$3 side=$4 raw=$5
	case $bench in
	http)
		load "$p" "$out/httpd-$side" "wrk -t$p -c$conns -d${secs}s --timeout 10s \
			--latency http://127.0.0.1:\$PORT/hello" || return
		# Every request answered: wrk prints these lines only when some
		# were not.
		! grep -E 'Socket errors|Non-2xx' "$raw.log" >/dev/null || return
		sed -n 's/^Requests\/sec: *//p' "$raw.log" | grep . >>"$raw.req_s" || return
		# p99 in ms, whatever unit wrk chose.
		awk '$1 == "99%" { v = $2 + 0; u = $2; sub(/^[0-9.]+/, "", u)
			f = u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : 0
			if (f) print v * f }' "$raw.log" | grep . >>"$raw.p99_ms"
		;;
	echo)
		load "$p" "$out/echo-$side" "$out/echoclient -addr 127.0.0.1:\$PORT \
			-conns $conns -secs $secs" || return
		sed -n 's/^msgs_per_s //p' "$raw.log" | grep . >>"$raw.msg_s"
		;;
	mem)
		load "$p" "$out/echo-$side" "$out/echoclient -addr 127.0.0.1:\$PORT \
			-conns $conns -rss \$SERVER_PID" || return
		sed -n 's/^kib_per_conn //p' "$raw.log" | grep . >>"$raw.kib_conn"
		;;
	esac
}

# figure BENCH/P/CONNS SIDE METRIC: the median of a side's runs, or "-".
figure() {
	local raw=$out/raw/${1//\//-}-$2
	if [ -e "$raw.failed" ] || [ ! -s "$raw.$3" ]; then echo -; else median "$raw.$3"; fi
}

# row BENCH/P/CONNS METRIC PEER BOUND: a table row, gocc against PEER;
# BOUND is ">=X" or "<=X" on gocc/PEER.
row() {
	local a b
	a=$(figure "$1" gocc "$2")
	b=$(figure "$1" "$3" "$2")
	rows+="${1//\// } $2 $3 $a $b $4"$'\n'
}

if ! build_all >"$out/raw/build.log" 2>&1; then
	echo "bench/io: build failed:"; grep -m5 . "$out/raw/build.log" | sed 's/^/  /'
	exit 1
fi
load_avg=$(cut -d' ' -f1 /proc/loadavg)   # others' work skews figures: say so
errors=0
rows=
for p in 1 2; do
	for b in $only; do
		case $b in
		http)
			for conns in 50 500; do
				interleave "$reps" "http/$p/$conns" gocc go nethttp
				row "http/$p/$conns" req_s go ">=1.2"
				row "http/$p/$conns" p99_ms go "<=1"
				row "http/$p/$conns" req_s nethttp ">=1.5"
				row "http/$p/$conns" p99_ms nethttp "<=1"
			done
			;;
		echo)
			interleave "$reps" "echo/$p/1000" gocc go
			row "echo/$p/1000" msg_s go ">=1.2"
			;;
		mem)
			interleave "$reps" "mem/$p/$idle" gocc go
			row "mem/$p/$idle" kib_conn go "<=1"
			;;
		esac
	done
done

# One row per figure: gocc's, the peer's, the ratio and the verdict.
table=$(printf '%s' "$rows" | awk '
	BEGIN { printf "%-5s %2s %6s %-9s %-8s %11s %11s %6s %-14s %s\n", "bench", "P", "conns",
		"metric", "peer", "gocc", "peer\047s", "ratio", "target", "result" }
	{
		ratio = ($6 != "-" && $7 != "-" && $7 > 0) ? sprintf("%.2f", $6 / $7) : "-"
		bound = substr($8, 3) + 0
		if (ratio == "-") result = "ERROR (run)"
		else if (substr($8, 1, 1) == ">") result = ratio + 0 >= bound ? "pass" : "FAIL"
		else result = ratio + 0 <= bound ? "pass" : "FAIL"
		printf "%-5s %2s %6s %-9s %-8s %11s %11s %6s %-14s %s\n",
			$1, $2, $3, $4, $5, $6, $7, ratio, "gocc/peer" $8, result
	}')
passed=$(echo "$table" | awk '$NF == "pass"' | wc -l)
total=$(($(echo "$table" | wc -l) - 1))
{
	echo "gocc I/O vs Go $(go version | cut -d' ' -f3), $(date -u '+%F %H:%M UTC')," \
		"$(nproc) CPUs ($(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n1)), medians of $reps," \
		"${secs}s of load per run, load average at start $load_avg"
	echo "P=1: server on CPU $cpu_server, load on CPU $cpu_load; P=2: unpinned." \
		"peers: go = bench/go/httpd.go or echo.go, nethttp = Go's net/http"
	echo "$table"
	echo "bench/io: $passed of $total within target"
} | tee "$build/bench/io-results.txt"
[ "$errors" -eq 0 ]
