// skynet with WaitGroups: the Go twin of bench/c/skynet.c.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var sum int64

func skynet(num, size int64, parent *sync.WaitGroup) {
	if size == 1 {
		atomic.AddInt64(&sum, num)
		parent.Done()
		return
	}
	var wg sync.WaitGroup
	size /= 10
	wg.Add(10)
	for i := int64(0); i < 10; i++ {
		go skynet(num+i*size, size, &wg)
	}
	wg.Wait()
	parent.Done()
}

func main() {
	leaves := size(1000000)
	var wg sync.WaitGroup
	t0 := time.Now()
	wg.Add(1)
	go skynet(0, leaves, &wg)
	wg.Wait()
	t := time.Since(t0)
	check(sum == leaves*(leaves-1)/2, "sum %d", sum)
	fmt.Printf("ms %.1f\n", float64(t.Nanoseconds())/1e6)
}
