// Command dockpol checks Docker workloads against policy: Compose files in
// CI today, with docker inspect, daemon settings, Dockerfiles and Engine API
// requests to follow. Installed as docker-policy it is a Docker CLI plugin
// (docker policy ...). See README.md and docs/install.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	tuneGC(os.Args[1:]) // gc.go
	os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK       = 0 // nothing to deny
	exitFindings = 1 // policy failures (deny, or warn with --fail-on warn)
	exitError    = 2 // usage, input or policy errors; wins over exitFindings
)

// exitCodeError carries an exit code out of a command.
type exitCodeError struct {
	code int
	err  error // printed unless nil
}

func (e *exitCodeError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitCodeError) Unwrap() error { return e.err }

// run is main without the process: testable in-process (tests pass
// buffers), and the one place that maps errors to exit codes.
// Run as docker-policy, it is the Docker CLI plugin (plugin.go).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "dockpol"
	if len(args) > 0 && isPluginBinary(args[0]) {
		name = pluginDisplayName
		call, err := parsePluginArgs(args[1:])
		if err != nil {
			fmt.Fprintln(stderr, name+": "+err.Error())
			return exitError
		}
		if call.metadata {
			if err := writePluginMetadata(stdout); err != nil {
				fmt.Fprintln(stderr, name+": "+err.Error())
				return exitError
			}
			return exitOK
		}
		ctx = withDockerOptions(ctx, call.docker)
		args = append([]string{name}, call.args...)
	}
	app := newApp(name, stdin, stdout, stderr)
	err := app.Run(ctx, args)
	if err == nil {
		return exitOK
	}
	var ec *exitCodeError
	if errors.As(err, &ec) {
		if ec.err != nil {
			fmt.Fprintln(stderr, name+": "+ec.err.Error())
		}
		return ec.code
	}
	fmt.Fprintln(stderr, name+": "+err.Error())
	return exitError
}
