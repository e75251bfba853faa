// Package runner is what `dockpol check` does between the command line and
// the report: find the inputs a user named, load each into a normalised
// document, evaluate it, and collect findings and errors. Inputs are
// loaded and evaluated in parallel; the report's order does not depend on
// scheduling.
package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/daemon"
	"github.com/dockpol/dockpol/inputs/dockerfile"
	"github.com/dockpol/dockpol/inputs/inspect"
	"github.com/dockpol/dockpol/inputs/raw"
	"github.com/dockpol/dockpol/report"
)

// Runner loads and evaluates targets.
type Runner struct {
	Engine  *engine.Engine
	Compose compose.Options
	// Workers bounds parallelism; <= 0 means GOMAXPROCS.
	Workers int
}

// outcome of one target: what the report needs of its document, not the
// document itself, so that a run over many files holds only the
// documents being checked (the findings are kept, never the inputs).
type outcome struct {
	containers int
	warnings   []inputs.Diagnostic
	findings   []engine.Finding
	checks     engine.Checks // the rules that judged the document
	err        error
}

// checked is the outcome of evaluating doc: its findings, or err.
func (r *Runner) checked(doc *inputs.Document, fs []engine.Finding, err error) outcome {
	if err != nil {
		return outcome{err: err}
	}
	return outcome{containers: len(doc.Containers()), warnings: doc.Warnings, findings: fs, checks: r.Engine.Checks(doc)}
}

// Run checks every target and returns the report. Targets that fail to
// load become errors in the report; the others are still checked.
func (r *Runner) Run(ctx context.Context, targets []Target, discoveryErrs []report.Error) *report.Report {
	outs := make([]outcome, len(targets))
	r.parallel(len(targets), func(i int) { outs[i] = r.one(ctx, targets[i]) })
	rep := collect(outs, func(i int) string { return targets[i].Name }, discoveryErrs, len(targets))
	rep.Rules = r.rules()
	return rep
}

// rules returns the engine's rule metadata by id, for reports that
// describe each rule (SARIF).
func (r *Runner) rules() map[string]*engine.Rule {
	out := map[string]*engine.Rule{}
	for _, rule := range r.Engine.Rules() {
		out[rule.ID] = rule
	}
	return out
}

// parallel calls fn(0..n-1) on a bounded pool of workers.
func (r *Runner) parallel(n int, fn func(i int)) {
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// collect builds the report from the outcomes, in input order; name(i)
// names input i in its error; files counts the inputs.
func collect(outs []outcome, name func(i int) string, errs []report.Error, files int) *report.Report {
	var findings []engine.Finding
	var warnings []report.Warning
	errs = append([]report.Error(nil), errs...)
	var checks []engine.Checks
	containers := 0
	for i, o := range outs {
		if o.err != nil {
			errs = append(errs, ErrorFor(name(i), o.err))
			continue
		}
		containers += o.containers
		findings = append(findings, o.findings...)
		checks = append(checks, o.checks)
		for _, w := range o.warnings {
			warnings = append(warnings, report.Warning{File: w.Pos.File, Line: w.Pos.Line, Column: w.Pos.Col, Message: w.Message})
		}
	}
	rep := report.New(findings, errs, warnings, files, containers)
	rep.Checks = checks
	return rep
}

// Load loads one target into its document, with the adapter of its kind.
func (r *Runner) Load(ctx context.Context, t Target) (*inputs.Document, error) {
	switch t.Kind {
	case "", KindCompose:
		return compose.Load(ctx, t.Files, r.Compose)
	case KindDockerfile, KindDaemon, KindInfo, KindInspect:
	default:
		return nil, fmt.Errorf("unknown input kind %q (want one of %s)", t.Kind, strings.Join(Kinds, ", "))
	}
	if len(t.Files) != 1 {
		return nil, fmt.Errorf("a %s input is one file, not %d", t.Kind, len(t.Files))
	}
	f := t.Files[0]
	name, data := f.Path, f.Content
	if data == nil {
		name = displayName(f.Path, r.Compose.WorkDir)
		var err error
		if data, err = readInput(f.Path, r.Compose.MaxFileSize); err != nil {
			return nil, &inputs.SourceError{Pos: inputs.Position{File: name}, Err: err}
		}
	} else if name != compose.StdinName {
		name = displayName(f.Path, r.Compose.WorkDir)
	}
	switch t.Kind {
	case KindDockerfile:
		return dockerfile.Decode(name, data)
	case KindDaemon:
		return daemon.FromDaemonJSON(name, data)
	case KindInfo:
		return daemon.FromInfo(name, data)
	default:
		return inspect.Decode(name, data)
	}
}

func (r *Runner) one(ctx context.Context, t Target) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: &PanicError{Value: p}}
		}
	}()
	if err := stopped(ctx, "", nil); err != nil {
		return outcome{err: err}
	}
	doc, err := r.Load(ctx, t)
	if err != nil {
		return outcome{err: stopped(ctx, "loading", err)}
	}
	if r.Engine.WantsRaw() {
		if err := r.attachRaw(doc, t); err != nil {
			return outcome{err: err}
		}
	}
	fs, err := r.Engine.Evaluate(ctx, doc)
	if err != nil {
		err = stopped(ctx, "evaluating policies", err)
	}
	return r.checked(doc, fs, err)
}

// PanicError is a panic caught while checking one input: reported as that
// input's error, so the other inputs are still checked.
type PanicError struct{ Value any }

func (e *PanicError) Error() string {
	return "internal error (please report it): panic while checking this file"
}

// ErrorFor turns an error into a report error, with the position a
// SourceError carries or else the target's name.
func ErrorFor(name string, err error) report.Error {
	var se *inputs.SourceError
	if errors.As(err, &se) && se.Pos.File != "" {
		return report.Error{File: se.Pos.File, Line: se.Pos.Line, Column: se.Pos.Col, Message: se.Err.Error()}
	}
	return report.Error{File: name, Message: err.Error()}
}

// attachRaw adds each file of the target as conftest's parser presents it,
// for conftest-style policies. Read again only when such policies exist.
func (r *Runner) attachRaw(doc *inputs.Document, t Target) error {
	cwd := r.Compose.WorkDir
	if cwd == "" {
		cwd, _ = os.Getwd()
	}
	for _, f := range t.Files {
		data, name := f.Content, f.Path
		if data == nil {
			abs, err := filepath.Abs(f.Path)
			if err != nil {
				return err
			}
			if rel, err := filepath.Rel(cwd, abs); err == nil {
				name = filepath.ToSlash(rel)
			}
			if data, err = readInput(abs, r.Compose.MaxFileSize); err != nil {
				return &inputs.SourceError{Pos: inputs.Position{File: name}, Err: err}
			}
		}
		decode := raw.Decode
		if t.Kind == KindDockerfile {
			decode = raw.DecodeDockerfile
		}
		docs, err := decode(name, data)
		if err != nil {
			return &inputs.SourceError{Pos: inputs.Position{File: name}, Err: err}
		}
		for _, d := range docs {
			doc.Raw = append(doc.Raw, inputs.RawFile{Path: name, Value: d})
		}
	}
	return nil
}
