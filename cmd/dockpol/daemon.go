package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/daemon"
	"github.com/dockpol/dockpol/report"
	"github.com/dockpol/dockpol/runner"
)

// localDaemonJSON is where dockerd reads its configuration by default.
const localDaemonJSON = "/etc/docker/daemon.json"

// localSockets are the default engine sockets: /etc/docker/daemon.json
// configures the engine behind them (a rootless engine's socket is
// elsewhere, and so is its daemon.json).
var localSockets = map[string]bool{"unix:///var/run/docker.sock": true, "unix:///run/docker.sock": true}

func daemonCommand() *cli.Command {
	flags := append(reportFlags(), liveFlags()...)
	flags = append(flags, &cli.StringFlag{Name: "daemon-json", Usage: "with --live: the engine's daemon.json `FILE` (default " + localDaemonJSON + ", read only when the engine is the local socket)"})
	flags = append(flags, maxFileSizeFlag(), timeoutFlag())
	flags = append(flags, policyFlags()...)
	return &cli.Command{
		Name:      "daemon",
		Usage:     "audit the Docker daemon's settings: daemon.json or docker info JSON, or the live engine with --live",
		ArgsUsage: "FILE|-... | --live",
		Description: "FILE is a daemon.json or saved docker info --format '{{json .}}' output (told apart by content); - reads\n" +
			"standard input. --live reads docker info from the engine the docker CLI would use and, when that engine is the\n" +
			"local socket, " + localDaemonJSON + " too (docker info wins where both speak; daemon.json adds what info cannot\n" +
			"say). The report names the engine. Exit status as for check; an engine that cannot be reached is 2.",
		Flags:  flags,
		Action: runDaemon,
	}
}

func runDaemon(ctx context.Context, cmd *cli.Command) error {
	outs, err := openOutputs(cmd)
	if err != nil {
		return err
	}
	defer outs.close()
	limit, err := maxFileSize(cmd)
	if err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx, cmd)
	defer cancel()
	args := cmd.Args().Slice()
	if !cmd.Bool("live") {
		if cmd.String("context") != "" || cmd.String("daemon-json") != "" {
			return usageErr("--context and --daemon-json go with --live")
		}
		if len(args) == 0 {
			return usageErr("no input: name a daemon.json or docker info JSON file, - for standard input, or --live (see dockpol daemon --help)")
		}
		eng, err := newEngine(ctx, cmd, engine.ModeCI)
		if err != nil {
			return &exitCodeError{code: exitError, err: err}
		}
		targets, errs := daemonTargets(args, stdinOf(cmd), limit)
		r := &runner.Runner{Engine: eng, Workers: int(cmd.Int("workers"))}
		return outs.write(cmd, r.Run(ctx, targets, errs))
	}
	if len(args) > 0 {
		return usageErr("--live reads the engine: name no file")
	}
	eng, err := newEngine(ctx, cmd, engine.ModeAudit)
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	e, err := connect(ctx, cmd)
	if err != nil {
		return err
	}
	defer e.Close()

	var readErrs []report.Error
	data, err := e.InfoJSON()
	if err != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("%s: docker info: %w", e.Endpoint, err)}
	}
	infoDoc, err := daemon.FromInfo("docker info", data)
	if err != nil {
		readErrs = append(readErrs, runner.ErrorFor("docker info", err))
	}
	fileDoc, err := localConfig(cmd, e.Endpoint.Host, limit)
	if err != nil {
		var se *inputs.SourceError
		if !errors.As(err, &se) {
			return &exitCodeError{code: exitError, err: err}
		}
		readErrs = append(readErrs, runner.ErrorFor(se.Pos.File, err))
	}
	var docs []*inputs.Document
	if doc := daemon.Merge(infoDoc, fileDoc); doc != nil {
		if src, ok := doc.Value["source"].(map[string]any); ok {
			src["engine"] = e.Summary()
		}
		docs = append(docs, doc)
	}
	r := &runner.Runner{Engine: eng, Workers: int(cmd.Int("workers"))}
	rep := r.RunDocuments(ctx, docs, readErrs)
	rep.Engine = engineOf(e)
	return outs.write(cmd, rep)
}

// localConfig reads the daemon.json of the audited engine: --daemon-json,
// else /etc/docker/daemon.json when the engine is the local socket. A
// remote engine's daemon.json is not on this machine, so it is never
// read; a missing default file is no error (dockerd runs without one).
func localConfig(cmd *cli.Command, host string, limit int64) (*inputs.Document, error) {
	path := cmd.String("daemon-json")
	explicit := path != ""
	switch {
	case explicit && !isUnixSocket(host):
		return nil, fmt.Errorf("--daemon-json: the audited engine %s is not on this machine, so a local daemon.json does not describe it", host)
	case !explicit && !localSockets[host]:
		return nil, nil
	case !explicit:
		path = localDaemonJSON
	}
	data, err := readCapped(path, limit)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: err}
	}
	return daemon.FromDaemonJSON(path, data)
}

func isUnixSocket(host string) bool {
	return len(host) > len("unix://") && host[:len("unix://")] == "unix://"
}

// daemonTargets reads each named file (or standard input) and tells a
// daemon.json from docker info output by its content.
// Each is read up to limit bytes.
func daemonTargets(args []string, stdin io.Reader, limit int64) ([]runner.Target, []report.Error) {
	var targets []runner.Target
	var errs []report.Error
	for _, p := range args {
		name := filepath.ToSlash(p)
		var data []byte
		var err error
		if p == "-" {
			name = compose.StdinName
			if stdin == nil {
				err = errors.New("no standard input")
			} else {
				data, err = io.ReadAll(io.LimitReader(stdin, limit+1))
				if err == nil && int64(len(data)) > limit {
					err = fmt.Errorf("%w (limit %d bytes)", inputs.ErrTooLarge, limit)
				}
			}
		} else {
			data, err = readCapped(p, limit)
		}
		if err != nil {
			errs = append(errs, report.Error{File: name, Message: oneLine(pathMessage(err))})
			continue
		}
		kind := runner.KindDaemon
		if runner.Sniff(data) == runner.KindInfo {
			kind = runner.KindInfo
		}
		targets = append(targets, runner.Target{Name: name, Kind: kind, Files: []compose.File{{Path: name, Content: data}}})
	}
	return targets, errs
}

// readCapped reads an input file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	return inputs.ReadFile(path, limit)
}

// pathMessage is an error without the path an *os.PathError repeats.
func pathMessage(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, os.ErrNotExist) {
			return "no such file or directory"
		}
		return pe.Err.Error()
	}
	return err.Error()
}
