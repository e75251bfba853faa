package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/urfave/cli/v3"

	dpinputs "github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/runner"
)

func parseCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.BoolFlag{Name: "per-container", Usage: "print what each container rule sees as input ({container, document})"},
		&cli.BoolFlag{Name: "provenance", Usage: "also print the map from normalised paths to file:line"},
		kindFlag(),
	}
	return &cli.Command{
		Name:      "parse",
		Usage:     "print the normalised document (the policies' input) for a compose file, Dockerfile, daemon.json, ...",
		ArgsUsage: "FILE|-",
		Flags:     append(flags, composeFlags()...),
		Action:    runParse,
	}
}

func runParse(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	group := cmd.StringSlice("file")
	if len(paths)+min(len(group), 1) != 1 {
		return usageErr("parse takes one FILE (or - for standard input, or -f files of one project)")
	}
	kind, err := kindOf(cmd)
	if err != nil {
		return err
	}
	opts, err := composeOptions(cmd)
	if err != nil {
		return err
	}
	targets, errs := runner.DiscoverWith(paths, group, stdinOf(cmd), runner.DiscoverOptions{MaxSize: opts.MaxFileSize, Kind: kind, Root: opts.Root})
	if len(errs) > 0 {
		return usageErr("%s: %s", errs[0].File, errs[0].Message)
	}
	if len(targets) != 1 {
		return usageErr("parse takes one project; %d found (name a file, not a directory)", len(targets))
	}
	r := &runner.Runner{Compose: opts}
	doc, err := r.Load(ctx, targets[0])
	if err != nil {
		e := runner.ErrorFor(targets[0].Name, err)
		return &exitCodeError{code: exitError, err: fmt.Errorf("%s", formatError(e.File, e.Line, e.Column, e.Message))}
	}
	for _, w := range doc.Warnings {
		fmt.Fprintln(cmd.Root().ErrWriter, w.String())
	}
	var out any = doc.Value
	if cmd.Bool("per-container") {
		summary := map[string]any{}
		for k, v := range doc.Value {
			if k != "containers" {
				summary[k] = v
			}
		}
		var inputs []any
		for _, c := range doc.Containers() {
			docSummary := summary
			if k := dpinputs.ContainerKind(doc.Kind(), c); k != doc.Kind() {
				// as the engine presents an image's container view
				docSummary = maps.Clone(summary)
				docSummary["kind"] = k
			}
			inputs = append(inputs, map[string]any{"container": c, "document": docSummary})
		}
		out = inputs
	}
	if cmd.Bool("provenance") {
		prov := map[string]string{}
		for k, p := range doc.Provenance {
			prov[k] = p.String()
		}
		out = map[string]any{"document": out, "provenance": prov}
	}
	enc := json.NewEncoder(cmd.Root().Writer)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func formatError(file string, line, col int, msg string) string {
	switch {
	case line == 0:
		return file + ": " + msg
	case col == 0:
		return fmt.Sprintf("%s:%d: %s", file, line, msg)
	default:
		return fmt.Sprintf("%s:%d:%d: %s", file, line, col, msg)
	}
}
