// ping-pong: the Go twin of bench/c/pingpong.c.
package main

import (
	"fmt"
	"time"
)

func main() {
	n := size(1000000)
	ping, pong := make(chan int64), make(chan int64)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	var v int64
	t0 := time.Now()
	for i := int64(0); i < n; i++ {
		ping <- v
		v = <-pong
	}
	t := time.Since(t0)
	check(v == n, "%d round trips counted", v)
	fmt.Printf("ns_per_op %.1f\n", float64(t.Nanoseconds())/float64(n))
}
