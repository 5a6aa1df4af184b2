// spawn: the Go twin of bench/c/spawn.c.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var (
	wg  sync.WaitGroup
	sum int64
)

func work(i int64) {
	atomic.AddInt64(&sum, i)
	wg.Done()
}

func main() {
	n := size(1000000)
	t0 := time.Now()
	wg.Add(int(n))
	for i := int64(0); i < n; i++ {
		go work(i)
	}
	wg.Wait()
	t := time.Since(t0)
	check(sum == n*(n-1)/2, "sum %d", sum)
	fmt.Printf("ns_per_op %.1f\n", float64(t.Nanoseconds())/float64(n))
}
