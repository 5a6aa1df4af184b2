// bench.go - what the Go twins share, as bench/c/bench.h does for the C
// side.  run.sh builds each twin as `go build <name>.go bench.go`.
package main

import (
	"fmt"
	"os"
	"strconv"
)

// size is the run's size: os.Args[1] when given, for runs by hand (run.sh
// gives none, so both twins use the same default).
func size(dflt int64) int64 {
	if len(os.Args) > 1 {
		n, err := strconv.ParseInt(os.Args[1], 10, 64)
		check(err == nil, "bad size %q", os.Args[1])
		return n
	}
	return dflt
}

// check exits non-zero on a wrong result: a fast wrong answer is no figure.
func check(ok bool, format string, a ...interface{}) {
	if !ok {
		fmt.Fprintf(os.Stderr, "wrong result: "+format+"\n", a...)
		os.Exit(1)
	}
}
