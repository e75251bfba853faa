package engine

import "errors"

// Sentinel errors of the engine.
var (
	// ErrNoPolicies is returned when no Rego module was loaded.
	ErrNoPolicies = errors.New("no policies loaded")
	// ErrMissingEntrypoint is returned when a queried rule does not exist
	// or a query returned no result: never an empty pass.
	ErrMissingEntrypoint = errors.New("policy entrypoint missing")
	// ErrBadResult is returned when a rule returns something that is not a
	// finding.
	ErrBadResult = errors.New("policy returned an invalid result")
)
