package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/internal/live"
	"github.com/dockpol/dockpol/report"
	"github.com/dockpol/dockpol/runner"
)

// liveFlags choose and reach the engine of a live audit.
func liveFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "live", Usage: "audit the running engine through the Docker API (DOCKER_HOST, --context, DOCKER_CONTEXT or the current docker context)"},
		&cli.StringFlag{Name: "context", Usage: "with --live: the docker CLI `CONTEXT` to audit (overrides DOCKER_HOST and DOCKER_CONTEXT)"},
	}
}

func inspectCommand() *cli.Command {
	flags := append(reportFlags(), liveFlags()...)
	flags = append(flags, &cli.BoolFlag{Name: "all", Aliases: []string{"a"}, Usage: "with --live: stopped containers too (default: running ones)"})
	flags = append(flags, maxFileSizeFlag(), timeoutFlag())
	flags = append(flags, policyFlags()...)
	return &cli.Command{
		Name:      "inspect",
		Usage:     "audit containers: saved docker inspect output, or the live engine with --live",
		ArgsUsage: "FILE|-... | --live [--all] [NAME|ID...]",
		Description: "FILE holds what docker inspect (or docker image inspect) prints; - reads it from standard input\n" +
			"(docker inspect $(docker ps -q) | dockpol inspect -). --live lists and inspects the containers of the engine\n" +
			"the docker CLI would use (DOCKER_HOST, --context, DOCKER_CONTEXT, the current context; ssh:// hosts through\n" +
			"ssh HOST docker system dial-stdio); the report names the engine. Files are judged as in CI, a live engine as an audit.\n" +
			"Exit status: 0 nothing denied, 1 a deny (or a warn with --fail-on warn), 2 an input, usage or policy error\n" +
			"(an engine that cannot be reached included).",
		Flags:  flags,
		Action: runInspect,
	}
}

func runInspect(ctx context.Context, cmd *cli.Command) error {
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
		if cmd.Bool("all") || cmd.String("context") != "" {
			return usageErr("--all and --context go with --live")
		}
		if len(args) == 0 {
			return usageErr("no input: name docker inspect output files, - for standard input, or --live (see dockpol inspect --help)")
		}
		eng, err := newEngine(ctx, cmd, engine.ModeCI)
		if err != nil {
			return &exitCodeError{code: exitError, err: err}
		}
		targets, errs := runner.DiscoverWith(args, nil, stdinOf(cmd), runner.DiscoverOptions{Kind: runner.KindInspect, MaxSize: limit})
		r := &runner.Runner{Engine: eng, Compose: compose.Options{MaxFileSize: limit}, Workers: int(cmd.Int("workers"))}
		return outs.write(cmd, r.Run(ctx, targets, errs))
	}

	if cmd.Bool("all") && len(args) > 0 {
		return usageErr("--all audits every container: name containers or use --all, not both")
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
	docs, failures, err := e.Containers(ctx, live.ContainerOptions{All: cmd.Bool("all"), Refs: args, Workers: int(cmd.Int("workers"))})
	if err != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("%s: %w", e.Endpoint, err)}
	}
	var readErrs []report.Error
	for _, f := range failures {
		readErrs = append(readErrs, report.Error{File: "container/" + f.Ref, Message: oneLine(f.Err.Error())})
	}
	r := &runner.Runner{Engine: eng, Workers: int(cmd.Int("workers"))}
	rep := r.RunDocuments(ctx, docs, readErrs)
	if len(docs) == 0 && len(readErrs) == 0 {
		what := "running containers (--all audits stopped ones too)"
		if cmd.Bool("all") {
			what = "containers"
		}
		rep.Warnings = append(rep.Warnings, report.Warning{File: e.Endpoint.Host, Message: "the engine has no " + what})
	}
	rep.Engine = engineOf(e)
	return outs.write(cmd, rep)
}

// connect reaches the engine the user means; failing is one line, exit 2.
func connect(ctx context.Context, cmd *cli.Command) (*live.Engine, error) {
	// The docker CLI's global options (docker --context x policy ...),
	// then this command's own --context, which is more specific.
	o := dockerOptionsFrom(ctx)
	if c := cmd.String("context"); c != "" {
		o.Context, o.Host = c, ""
	}
	ep, err := live.ResolveWith(o, os.Getenv)
	if err != nil {
		return nil, &exitCodeError{code: exitError, err: err}
	}
	e, err := live.Connect(ctx, ep)
	if err != nil {
		return nil, &exitCodeError{code: exitError, err: err}
	}
	return e, nil
}

func engineOf(e *live.Engine) *report.Engine {
	return &report.Engine{
		Name: e.Info.Name, ID: e.Info.ID, Version: e.Info.ServerVersion,
		APIVersion: e.APIVersion(), Host: e.Endpoint.Host, Context: e.Endpoint.Context,
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
