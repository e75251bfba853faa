package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/report"
)

// reportFlags are the output flags of the commands that print a report.
// -o stays the short form of --format (as conftest's -o is), so -o json
// keeps working; --output FORMAT=PATH adds reports written to files.
func reportFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "format", Aliases: []string{"o"}, Value: "text", Usage: "report `FORMAT` on standard output: " + strings.Join(report.Formats(), ", ")},
		&cli.StringSliceFlag{Name: "output", Usage: "write one more report, `FORMAT=PATH` (repeatable; PATH - is standard output, in place of --format; see docs/formats.md)"},
		&cli.StringFlag{Name: "fail-on", Value: "deny", Usage: "exit 1 on: " + strings.Join(failOnValues, ", ")},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no summary line and no warnings"},
		&cli.BoolFlag{Name: "no-color", Usage: "never colour the text output (NO_COLOR is honoured too)"},
		&cli.IntFlag{Name: "workers", Usage: "inputs checked in parallel (default: one per CPU)"},
	}
}

// outputs are the reports of one run, their files opened before the run so
// that an unwritable path fails at once (exit 2), not after the work.
type outputs struct {
	list  []report.Output
	files []*os.File // nil for standard output
	// created marks the files this run created: removed again if the run
	// ends without writing them.
	created []bool
	done    bool
}

// openOutputs checks --format, --fail-on and --output and opens the
// output files.
func openOutputs(cmd *cli.Command) (*outputs, error) {
	list, err := report.PlanOutputs(cmd.String("format"), cmd.IsSet("format"), cmd.StringSlice("output"))
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if f := cmd.String("fail-on"); !contains(failOnValues, f) {
		return nil, usageErr("unknown --fail-on %q (want one of %s)", f, strings.Join(failOnValues, ", "))
	}
	o := &outputs{list: list, files: make([]*os.File, len(list)), created: make([]bool, len(list))}
	for i, out := range list {
		if out.Path == report.Stdout {
			continue
		}
		_, statErr := os.Stat(out.Path)
		// no O_TRUNC yet: a run that fails before writing leaves an
		// existing file as it was
		f, err := os.OpenFile(out.Path, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			o.close()
			return nil, usageErr("--output %s=%s: %v", out.Format, out.Path, pathErrText(err))
		}
		o.files[i], o.created[i] = f, errors.Is(statErr, fs.ErrNotExist)
	}
	return o, nil
}

// pathErrText is an *fs.PathError without the path the message names
// already.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// write writes every report and returns the run's exit code as an error:
// the SARIF report carries that code, so it is decided first.
func (o *outputs) write(cmd *cli.Command, rep *report.Report) error {
	defer o.close()
	failOn := cmd.String("fail-on")
	result := exitFor(rep, failOn)
	code := exitOK
	var ec *exitCodeError
	if errors.As(result, &ec) {
		code = ec.code
	}
	stdout := cmd.Root().Writer
	base := workDirBase()
	for i, out := range o.list {
		opts := report.Options{
			Quiet:    cmd.Bool("quiet"),
			FailOn:   failOn,
			ExitCode: code,
			Version:  cmd.Root().Version,
			BaseDir:  base,
		}
		var w io.Writer = stdout
		if f := o.files[i]; f != nil {
			if err := f.Truncate(0); err != nil {
				return &exitCodeError{code: exitError, err: fmt.Errorf("write %s report to %s: %w", out.Format, out.Path, err)}
			}
			w = f
		} else {
			opts.Color = useColor(stdout, cmd.Bool("no-color"))
		}
		if err := report.Write(w, out.Format, rep, opts); err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("write %s report to %s: %w", out.Format, out.Path, err)}
		}
	}
	o.done = true
	for i, f := range o.files {
		if f == nil {
			continue
		}
		o.files[i] = nil
		if err := f.Close(); err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("write %s report to %s: %w", o.list[i].Format, o.list[i].Path, err)}
		}
	}
	return result
}

// close closes the files still open and removes those this run created
// without writing them.
func (o *outputs) close() {
	if o == nil {
		return
	}
	for i, f := range o.files {
		if f == nil {
			continue
		}
		f.Close()
		if !o.done && o.created[i] {
			os.Remove(o.list[i].Path)
		}
		o.files[i] = nil
	}
}

// workDirBase is the working directory relative to the repository root
// (see report.RepoBase).
func workDirBase() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return report.RepoBase(wd)
}
