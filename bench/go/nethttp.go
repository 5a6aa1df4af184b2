// nethttp: Go's net/http answering what examples/httpd.c answers at
// /hello, the second peer of bench/io.sh's HTTP benchmark.
//
//	nethttp [PORT]    serve on 127.0.0.1:PORT (0 or none: any free port)
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	port := "0"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, "nethttp:", err)
		os.Exit(1)
	}
	http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("hello, world\n"))
	})
	fmt.Printf("listening on %d\n", ln.Addr().(*net.TCPAddr).Port)
	fmt.Fprintln(os.Stderr, "nethttp:", http.Serve(ln, nil))
	os.Exit(1)
}
