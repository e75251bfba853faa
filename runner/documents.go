package runner

import (
	"context"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/report"
)

// RunDocuments evaluates documents that were read already (a live audit
// reads them from the Docker API) in parallel and returns the report;
// readErrs are the inputs that could not be read.
func (r *Runner) RunDocuments(ctx context.Context, docs []*inputs.Document, readErrs []report.Error) *report.Report {
	outs := make([]outcome, len(docs))
	r.parallel(len(docs), func(i int) { outs[i] = r.evaluate(ctx, docs[i]) })
	rep := collect(outs, func(i int) string { return docs[i].Path }, readErrs, len(docs)+len(readErrs))
	rep.Rules = r.rules()
	return rep
}

// evaluate checks one document, turning a panic into its error.
func (r *Runner) evaluate(ctx context.Context, doc *inputs.Document) (o outcome) {
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: &PanicError{Value: p}}
		}
	}()
	if err := stopped(ctx, "", nil); err != nil {
		return r.checked(doc, nil, err)
	}
	fs, err := r.Engine.Evaluate(ctx, doc)
	if err != nil {
		err = stopped(ctx, "evaluating policies", err)
	}
	return r.checked(doc, fs, err)
}
