package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/engine"
)

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "run the Rego unit tests (test_* rules) of policy directories, or of the shipped rules",
		ArgsUsage: "[DIR]...",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list every test, not only failures"},
			&cli.BoolFlag{Name: "with-builtin", Usage: "also load the shipped rules, so team tests can use dockpol.lib"},
			&cli.StringFlag{Name: "run", Usage: "run only tests whose package.name matches `REGEX`"},
			&cli.BoolFlag{Name: "coverage", Usage: "report the share of policy lines the tests evaluate"},
			&cli.FloatFlag{Name: "threshold", Usage: "with --coverage: fail (exit 1) below this `PERCENT`"},
			&cli.DurationFlag{Name: "test-timeout", Value: engine.DefaultTestTimeout, Usage: "stop and fail one test that runs longer than `DURATION` (as opa test --timeout)"},
			timeoutFlag(),
		},
		Action: runVerify,
	}
}

func runVerify(ctx context.Context, cmd *cli.Command) error {
	dirs := cmd.Args().Slice()
	var sources []engine.Source
	switch {
	case len(dirs) == 0:
		sources = append(sources, builtinSource())
	case cmd.Bool("with-builtin"):
		// the shipped rules as a library: their own tests stay out
		lib := builtinSource()
		lib.NoTests = true
		sources = append(sources, lib)
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return usageErr("%s: not a directory", d)
		}
		sources = append(sources, engine.DirSource(d))
	}
	threshold := cmd.Float("threshold")
	ctx, cancel := withTimeout(ctx, cmd)
	defer cancel()
	results, cov, err := engine.VerifyWith(ctx, sources, engine.VerifyOptions{
		Run:      cmd.String("run"),
		Coverage: cmd.Bool("coverage") || threshold > 0,
		Timeout:  cmd.Duration("test-timeout"),
	})
	if err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		return &exitCodeError{code: exitError, err: err}
	}
	// The run's --timeout cut the tests that were running short: they
	// did not fail, they were stopped, and the run is an error (exit 2).
	var stopped []string
	if ctx.Err() != nil {
		kept := results[:0]
		for _, r := range results {
			if r.TimedOut {
				stopped = append(stopped, fmt.Sprintf("%s.%s (%s:%d)", r.Package, r.Name, r.File, r.Line))
				continue
			}
			kept = append(kept, r)
		}
		results = kept
	}
	out := cmd.Root().Writer
	pass, fail, skip := 0, 0, 0
	for _, r := range results {
		switch {
		case r.Skip:
			skip++
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
			switch {
			case r.TimedOut:
				fmt.Fprintf(out, ": stopped after %s, the time limit of one test (--test-timeout)", cmd.Duration("test-timeout"))
			case r.Error != "":
				fmt.Fprintf(out, ": %s", r.Error)
			}
			fmt.Fprintln(out)
			if r.Output != "" {
				fmt.Fprint(out, r.Output)
			}
		}
	}
	if cov != nil {
		files := make([]string, 0, len(cov.Files))
		for f := range cov.Files {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			fmt.Fprintf(out, "coverage %6.2f%% %s\n", cov.Files[f], f)
		}
		fmt.Fprintf(out, "coverage %6.2f%% total\n", cov.Percent)
	}
	line := fmt.Sprintf("%d passed, %d failed", pass, fail)
	if skip > 0 {
		line += fmt.Sprintf(", %d skipped", skip)
	}
	fmt.Fprintln(out, line)
	if ctx.Err() != nil {
		what := "before every test had run"
		if len(stopped) > 0 {
			what = "while running " + strings.Join(stopped, ", ")
		}
		return &exitCodeError{code: exitError, err: fmt.Errorf("%v %s", context.Cause(ctx), what)}
	}
	if fail > 0 {
		return &exitCodeError{code: exitFindings}
	}
	if threshold > 0 && cov != nil && cov.Percent < threshold {
		return &exitCodeError{code: exitFindings, err: fmt.Errorf("coverage %.2f%% is below --threshold %.2f%%", cov.Percent, threshold)}
	}
	return nil
}
