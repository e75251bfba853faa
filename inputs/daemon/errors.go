package daemon

import "errors"

// Errors the adapter returns, wrapped in an *inputs.SourceError that names
// the file, line and column; check them with errors.Is.
var (
	// ErrSyntax is input that is not one JSON object.
	ErrSyntax = errors.New("invalid JSON")
	// ErrEncoding is input that is not valid UTF-8 (or UTF-16 with a byte
	// order mark), which dockerd refuses.
	ErrEncoding = errors.New("invalid JSON: not valid UTF-8 text")
	// ErrType is a daemon.json key whose value has a type dockerd refuses
	// ("icc": "yes"): dockerd would not start.
	ErrType = errors.New("invalid daemon.json value")
	// ErrNotInfo is JSON that is not the output of docker info.
	ErrNotInfo = errors.New("not docker info output")
)
