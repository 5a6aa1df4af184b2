// prime sieve: the Go twin of bench/c/sieve.c.
package main

import (
	"fmt"
	"time"
)

func generate(ch chan<- int64) {
	for i := int64(2); ; i++ {
		ch <- i
	}
}

func filter(in <-chan int64, out chan<- int64, prime int64) {
	for {
		i := <-in
		if i%prime != 0 {
			out <- i
		}
	}
}

// nthPrime is the nth prime, the plain way.
func nthPrime(n int64) int64 {
	for lim := int64(64); ; lim *= 2 {
		composite := make([]bool, lim)
		found := int64(0)
		for i := int64(2); i < lim; i++ {
			if composite[i] {
				continue
			}
			if found++; found == n {
				return i
			}
			for j := i * i; j < lim; j += i {
				composite[j] = true
			}
		}
	}
}

func main() {
	n := size(4000)
	var prime int64
	t0 := time.Now()
	ch := make(chan int64)
	go generate(ch)
	for i := int64(0); i < n; i++ {
		prime = <-ch
		out := make(chan int64)
		go filter(ch, out, prime)
		ch = out
	}
	t := time.Since(t0)
	check(prime == nthPrime(n), "prime %d is %d", n, prime)
	fmt.Printf("ms %.1f\n", float64(t.Nanoseconds())/1e6)
}
