package main

import (
	"context"
	"fmt"
	"time"

	"github.com/docker/go-units"
	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/inputs/compose"
)

// The limits on hostile input (docs/security.md): how much one file may
// hold, where the files a compose file names may lie, how long a run may
// take.

// maxFileSizeFlag is --max-file-size, read with maxFileSize.
func maxFileSizeFlag() cli.Flag {
	return &cli.StringFlag{
		Name:  "max-file-size",
		Value: units.BytesSize(compose.DefaultMaxFileSize),
		Usage: "refuse any input file (and standard input) larger than `SIZE` (bytes, or KiB, MiB, GiB)",
	}
}

// rootFlag is --root: the directory compose files may refer into.
func rootFlag() cli.Flag {
	return &cli.StringFlag{
		Name:  "root",
		Usage: "files a compose file refers to (include, extends, env_file, label_file, build Dockerfiles) must lie inside `DIR` (default: the git work tree holding the compose file, else the working directory)",
	}
}

// timeoutFlag is --timeout for the commands that evaluate policies.
func timeoutFlag() cli.Flag {
	return &cli.DurationFlag{
		Name:  "timeout",
		Usage: "stop the whole run after `DURATION` (e.g. 30s, 5m) and report what was not finished (exit 2); 0 means no limit",
	}
}

// maxFileSize returns --max-file-size in bytes, or the default when the
// command has no such flag.
func maxFileSize(cmd *cli.Command) (int64, error) {
	if !hasFlag(cmd, "max-file-size") {
		return compose.DefaultMaxFileSize, nil
	}
	s := cmd.String("max-file-size")
	n, err := units.RAMInBytes(s)
	if err != nil || n <= 0 {
		return 0, usageErr("--max-file-size %q: want a positive size such as 10MiB or 1048576", s)
	}
	return n, nil
}

// withTimeout returns ctx bounded by --timeout, whose cause names the
// flag, so that what was cut off says why.
func withTimeout(ctx context.Context, cmd *cli.Command) (context.Context, context.CancelFunc) {
	d := cmd.Duration("timeout")
	if !hasFlag(cmd, "timeout") || d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeoutCause(ctx, d, fmt.Errorf("the --timeout of %s expired", d.Round(time.Millisecond)))
}
