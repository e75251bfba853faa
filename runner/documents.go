package runner

import (
	"context"
	"runtime"
	"sync"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/report"
)

// RunDocuments evaluates documents that were read already (a live audit
// reads them from the Docker API) in parallel and returns the report;
// readErrs are the inputs that could not be read.
func (r *Runner) RunDocuments(ctx context.Context, docs []*inputs.Document, readErrs []report.Error) *report.Report {
	outs := make([]outcome, len(docs))
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(docs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outs[i] = r.evaluate(ctx, docs[i])
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()

	var findings []engine.Finding
	var warnings []report.Warning
	errs := append([]report.Error(nil), readErrs...)
	containers := 0
	for i, o := range outs {
		if o.err != nil {
			errs = append(errs, ErrorFor(docs[i].Path, o.err))
			continue
		}
		containers += len(docs[i].Containers())
		findings = append(findings, o.findings...)
		for _, w := range docs[i].Warnings {
			warnings = append(warnings, report.Warning{File: w.Pos.File, Line: w.Pos.Line, Column: w.Pos.Col, Message: w.Message})
		}
	}
	return report.New(findings, errs, warnings, len(docs)+len(readErrs), containers)
}

// evaluate checks one document, turning a panic into its error.
func (r *Runner) evaluate(ctx context.Context, doc *inputs.Document) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: &PanicError{Value: p}}
		}
	}()
	fs, err := r.Engine.Evaluate(ctx, doc)
	if err != nil {
		return outcome{doc: doc, err: err}
	}
	return outcome{doc: doc, findings: fs}
}
