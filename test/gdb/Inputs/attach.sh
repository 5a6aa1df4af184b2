#!/bin/sh
# attach.sh PROG ARGS...: run PROG, which prints "PID ready" once its
# goroutines have all settled where the test wants them, attach gdb to it
# in batch mode (auto-loading libgocc's script) with ARGS, then kill it.
# A PROG that never gets ready fails the test after a minute instead of
# holding up the suite.
prog=$1
shift
timeout 60 "$prog" | {
	read -r pid ready
	gdb -nx -batch -p "$pid" -iex 'add-auto-load-safe-path /' "$@" 2>&1
	kill -9 "$pid"
}
