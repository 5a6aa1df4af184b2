// echoclient: the load of bench/io.sh's echo and memory benchmarks, the
// same client for the gocc server (bench/c/echo.c) and the Go one (echo.go).
//
//	echoclient -addr A -conns N -secs D
//		N connections each write a 64-byte message and read it back,
//		in a loop, for D seconds; prints "msgs_per_s X", X the round
//		trips completed by all connections per second.
//	echoclient -addr A -conns N -rss PID
//		opens N connections, makes one round trip on each and leaves
//		them idle; prints "kib_per_conn X", X the growth of process
//		PID's VmRSS (the server's) over that time divided by N.
//
// Every reply is checked against what was sent: a wrong echo is no figure.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const msgSize = 64

// dialers bounds the connections being opened at once, so that a burst
// never overflows the server's accept queue (its SYNs would then wait a
// second for their retransmission, timing the kernel, not the server).
const dialers = 64

// dialAll opens n connections to addr.
func dialAll(addr string, n int) []net.Conn {
	conns := make([]net.Conn, n)
	next := int64(-1)
	var wg sync.WaitGroup
	for d := 0; d < dialers; d++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := atomic.AddInt64(&next, 1); i < int64(n); i = atomic.AddInt64(&next, 1) {
				c, err := net.Dial("tcp", addr)
				check(err == nil, "dial %s: %v", addr, err)
				conns[i] = c
			}
		}()
	}
	wg.Wait()
	return conns
}

// roundTrip sends msg on c and checks that the same 64 bytes come back.
func roundTrip(c net.Conn, msg, reply []byte) {
	_, err := c.Write(msg)
	check(err == nil, "write: %v", err)
	_, err = io.ReadFull(c, reply)
	check(err == nil, "read: %v", err)
	check(bytes.Equal(msg, reply), "echoed %q for %q", reply, msg)
}

// message is connection id's seq'th message, so that a reply crossed
// between connections or rounds shows.
func message(msg []byte, id int, seq int64) {
	copy(msg, fmt.Sprintf("conn %d msg %d ", id, seq))
}

func load(addr string, n int, secs float64) {
	conns := dialAll(addr, n)
	start := make(chan struct{})
	var stop int32
	var total int64
	var wg sync.WaitGroup
	for id, c := range conns {
		wg.Add(1)
		go func(id int, c net.Conn) {
			defer wg.Done()
			msg, reply := bytes.Repeat([]byte{'.'}, msgSize), make([]byte, msgSize)
			var seq int64
			<-start
			for atomic.LoadInt32(&stop) == 0 {
				message(msg, id, seq)
				roundTrip(c, msg, reply)
				seq++
			}
			atomic.AddInt64(&total, seq)
		}(id, c)
	}
	t0 := time.Now()
	time.AfterFunc(time.Duration(secs*float64(time.Second)), func() { atomic.StoreInt32(&stop, 1) })
	close(start)
	wg.Wait()
	elapsed := time.Since(t0).Seconds()
	fmt.Printf("msgs_per_s %.0f\n", float64(total)/elapsed)
}

// rssKiB is process pid's VmRSS.
func rssKiB(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	check(err == nil, "%v", err)
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if f := strings.Fields(s.Text()); len(f) > 1 && f[0] == "VmRSS:" {
			kib, _ := strconv.ParseInt(f[1], 10, 64)
			return kib
		}
	}
	check(false, "no VmRSS in /proc/%d/status", pid)
	return 0
}

func hold(addr string, n int, pid int) {
	before := rssKiB(pid)
	conns := dialAll(addr, n)
	var wg sync.WaitGroup
	for id, c := range conns {
		wg.Add(1)
		go func(id int, c net.Conn) {
			defer wg.Done()
			msg, reply := bytes.Repeat([]byte{'.'}, msgSize), make([]byte, msgSize)
			message(msg, id, 0)
			roundTrip(c, msg, reply)
		}(id, c)
	}
	wg.Wait()
	// The server answered each connection before its goroutine went back
	// to read: give the last of them time to get there and park.
	time.Sleep(500 * time.Millisecond)
	after := rssKiB(pid)
	fmt.Printf("kib_per_conn %.3f\n", float64(after-before)/float64(n))
	for _, c := range conns {
		c.Close()
	}
}

func main() {
	addr := flag.String("addr", "", "the server, HOST:PORT")
	n := flag.Int("conns", 1000, "connections")
	secs := flag.Float64("secs", 5, "seconds of load")
	pid := flag.Int("rss", 0, "hold the connections idle and report this process's VmRSS growth")
	flag.Parse()
	check(*addr != "" && *n > 0, "usage: echoclient -addr HOST:PORT [-conns N] [-secs D | -rss PID]")
	if *pid > 0 {
		hold(*addr, *n, *pid)
	} else {
		load(*addr, *n, *secs)
	}
}
