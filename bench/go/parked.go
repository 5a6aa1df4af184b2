// parked: the Go twin of bench/c/parked.c.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

var (
	started, release, done sync.WaitGroup
	released               int64
)

func rssKiB() int64 {
	f, err := os.Open("/proc/self/status")
	check(err == nil, "%v", err)
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if f := strings.Fields(s.Text()); len(f) > 1 && f[0] == "VmRSS:" {
			kib, _ := strconv.ParseInt(f[1], 10, 64)
			return kib
		}
	}
	check(false, "no VmRSS in /proc/self/status")
	return 0
}

func parked() {
	started.Done()
	release.Wait()
	atomic.AddInt64(&released, 1)
	done.Done()
}

func main() {
	n := size(1000000)
	before := rssKiB()
	started.Add(int(n))
	release.Add(1)
	done.Add(int(n))
	for i := int64(0); i < n; i++ {
		go parked()
	}
	started.Wait()
	after := rssKiB()
	release.Done()
	done.Wait()
	check(released == n, "%d released", released)
	fmt.Printf("kib_per_g %.3f\n", float64(after-before)/float64(n))
}
