// Command hello is the whole test image the private Docker Engine of the
// tests runs (dockertest imports it with docker import): "sleep" waits for
// a signal, anything else prints hello.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sleep" {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM, syscall.SIGINT)
		<-c
		return
	}
	os.Stdout.WriteString("hello\n")
}
