// thread ring: the Go twin of bench/c/ring.c.
package main

import (
	"fmt"
	"time"
)

const ring = 503

func pass(id int64, in, out chan int64, winner chan int64) {
	for {
		token := <-in
		if token == 0 {
			break
		}
		out <- token - 1
	}
	winner <- id
}

func main() {
	hops := size(10000000)
	var c [ring]chan int64
	for i := range c {
		c[i] = make(chan int64)
	}
	winner := make(chan int64)
	for i := range c {
		go pass(int64(i+1), c[i], c[(i+1)%ring], winner)
	}
	t0 := time.Now()
	c[0] <- hops
	id := <-winner
	t := time.Since(t0)
	check(id == hops%ring+1, "winner %d", id)
	fmt.Printf("ns_per_op %.1f\n", float64(t.Nanoseconds())/float64(hops))
}
