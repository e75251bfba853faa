package runner

import (
	"context"
	"errors"
	"strings"
)

// ErrUnknownKind is an input whose kind neither its name nor its content
// tells.
var ErrUnknownKind = errors.New("cannot tell what kind of input this is (" + strings.Join(Kinds, ", ") + "): name it with --kind")

// StoppedError is an input whose check the run's context ended (a
// --timeout): not checked at all, or cut short while loading or
// evaluating. Its message says why, not OPA's "caller cancelled query
// execution".
type StoppedError struct {
	// Stage is what was being done: "" (not started), "loading",
	// "evaluating policies".
	Stage string
	// Cause is the context's cause (context.Cause).
	Cause  error
	ctxErr error
}

func (e *StoppedError) Error() string {
	if e.Stage == "" {
		return "not checked: " + e.Cause.Error()
	}
	return "stopped while " + e.Stage + ": " + e.Cause.Error()
}

// Unwrap returns the cause and the context's error
// (context.DeadlineExceeded or context.Canceled).
func (e *StoppedError) Unwrap() []error { return []error{e.Cause, e.ctxErr} }

// stopped returns err, or a StoppedError when ctx has ended: an error
// met after the end is the end's doing.
func stopped(ctx context.Context, stage string, err error) error {
	if ctx.Err() == nil {
		return err
	}
	return &StoppedError{Stage: stage, Cause: context.Cause(ctx), ctxErr: ctx.Err()}
}
