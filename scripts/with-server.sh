#!/bin/sh
# with-server.sh SERVER 'COMMAND': start SERVER (a program that picks a free
# port and prints "listening on PORT" once it accepts), run the shell
# command COMMAND with PORT (and SERVER_PID, for bench/io.sh's memory
# figures) set, and stop SERVER whatever happens.  Exits
# with COMMAND's status, or 1 if SERVER never said it listens.  `make demo`
# and the HTTP tests use it; the server may be killed mid-connection, so it
# must not need a clean shutdown.
set -u
server=$1
command=$2
dir=$(mktemp -d)
pid=""
stop() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 1' INT TERM HUP

: >"$dir/out"
"$server" >"$dir/out" &
pid=$!
# Poll the server's first line: up to 20 s, since a loaded machine may be
# slow to start it, and give up at once if it died.
PORT=""
tries=0
while [ -z "$PORT" ]; do
	PORT=$(sed -n 's/^listening on \([0-9][0-9]*\)$/\1/p' "$dir/out")
	[ -n "$PORT" ] && break
	if ! kill -0 "$pid" 2>/dev/null; then
		wait "$pid"
		echo "with-server: $server exited with status $? before listening" >&2
		pid=""
		exit 1
	fi
	tries=$((tries + 1))
	if [ "$tries" -gt 200 ]; then
		echo "with-server: $server did not say \"listening on PORT\" in 20 s" >&2
		exit 1
	fi
	sleep 0.1
done
SERVER_PID=$pid
export PORT SERVER_PID
sh -c "$command"
