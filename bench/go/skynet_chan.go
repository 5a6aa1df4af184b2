// skynet with channels, as atemerev/skynet: the Go twin of
// bench/c/skynet_chan.c.
package main

import (
	"fmt"
	"time"
)

func skynet(up chan int64, num, size int64) {
	if size == 1 {
		up <- num
		return
	}
	c := make(chan int64)
	size /= 10
	for i := int64(0); i < 10; i++ {
		go skynet(c, num+i*size, size)
	}
	var sum int64
	for i := 0; i < 10; i++ {
		sum += <-c
	}
	up <- sum
}

func main() {
	leaves := size(1000000)
	c := make(chan int64)
	t0 := time.Now()
	go skynet(c, 0, leaves)
	sum := <-c
	t := time.Since(t0)
	check(sum == leaves*(leaves-1)/2, "sum %d", sum)
	fmt.Printf("ms %.1f\n", float64(t.Nanoseconds())/1e6)
}
