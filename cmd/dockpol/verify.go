package main

import (
	"context"
	"fmt"
	"os"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/policies"
)

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "run the Rego unit tests (test_* rules) of policy directories, or of the shipped rules",
		ArgsUsage: "[DIR]...",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list every test, not only failures"},
			&cli.BoolFlag{Name: "with-builtin", Usage: "also load the shipped rules, so team tests can use dockpol.lib"},
		},
		Action: runVerify,
	}
}

func runVerify(ctx context.Context, cmd *cli.Command) error {
	dirs := cmd.Args().Slice()
	var sources []engine.Source
	if len(dirs) == 0 || cmd.Bool("with-builtin") {
		sources = append(sources, engine.Source{Name: "builtin", FS: policies.FS})
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return usageErr("%s: not a directory", d)
		}
		sources = append(sources, engine.DirSource(d))
	}
	results, err := engine.Verify(ctx, sources, nil)
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	out := cmd.Root().Writer
	pass, fail := 0, 0
	for _, r := range results {
		switch {
		case r.Skip:
			if cmd.Bool("verbose") {
				fmt.Fprintf(out, "SKIP %s.%s (%s:%d)\n", r.Package, r.Name, r.File, r.Line)
			}
		case r.Pass:
			pass++
			if cmd.Bool("verbose") {
				fmt.Fprintf(out, "PASS %s.%s (%s:%d)\n", r.Package, r.Name, r.File, r.Line)
			}
		default:
			fail++
			fmt.Fprintf(out, "FAIL %s.%s (%s:%d)", r.Package, r.Name, r.File, r.Line)
			if r.Error != "" {
				fmt.Fprintf(out, ": %s", r.Error)
			}
			fmt.Fprintln(out)
			if r.Output != "" {
				fmt.Fprint(out, r.Output)
			}
		}
	}
	fmt.Fprintf(out, "%d passed, %d failed\n", pass, fail)
	if fail > 0 {
		return &exitCodeError{code: exitFindings}
	}
	return nil
}
