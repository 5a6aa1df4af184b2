// httpd: the same-logic Go twin of examples/httpd.c for bench/io.sh.  One
// goroutine per connection reads requests through an 8 KiB bufio.Reader
// (one read(2) per request, as the C server's buffer), and answers each
// with two writes, head then body, as the C server's writeall calls do:
// both sides make the same system calls, so the figures compare runtimes,
// not protocol code.  net/http's twin is nethttp.go.
//
//	httpd [PORT]      serve on 127.0.0.1:PORT (0 or none: any free port)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
)

const page = "<!doctype html>\n<title>gocc httpd</title>\n" +
	"<p>Served by a goroutine, with plain read and write.</p>\n"

func respond(c net.Conn, path string, last bool) bool {
	status, typ, body := "200 OK", "text/html", page
	switch path {
	case "/hello":
		typ, body = "text/plain", "hello, world\n"
	case "/":
	default:
		status, typ, body = "404 Not Found", "text/plain", "not found\n"
	}
	closing := ""
	if last {
		closing = "Connection: close\r\n"
	}
	head := fmt.Sprintf("HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n",
		status, typ, len(body), closing)
	if _, err := c.Write([]byte(head)); err != nil {
		return false
	}
	_, err := c.Write([]byte(body))
	return err == nil
}

// serve parses requests as the C server does: the request line's method
// and path, then header lines up to the empty one, noting
// "Connection: close".
func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReaderSize(c, 8192)
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return
		}
		f := bytes.Fields(line)
		if len(f) < 2 {
			return
		}
		path := string(f[1])
		last := false
		for {
			h, err := r.ReadSlice('\n')
			if err != nil {
				return
			}
			if len(h) <= 2 {
				break
			}
			last = last || bytes.HasPrefix(h, []byte("Connection: close"))
		}
		if !respond(c, path, last) || last {
			return
		}
	}
}

func main() {
	port := "0"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, "httpd:", err)
		os.Exit(1)
	}
	fmt.Printf("listening on %d\n", ln.Addr().(*net.TCPAddr).Port)
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "httpd: accept:", err)
			continue
		}
		go serve(c)
	}
}
