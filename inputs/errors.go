package inputs

import (
	"errors"
	"fmt"
)

// ErrTooLarge is returned for an input over the size cap.
var ErrTooLarge = errors.New("file too large")

// ErrOutsideRoot is returned for a file that an input refers to (a compose
// include, extends or env_file) outside the directory inputs may read.
var ErrOutsideRoot = errors.New("outside the root directory (--root)")

// ErrExpansionLimit is returned when variables or aliases would expand an
// input beyond the size cap.
var ErrExpansionLimit = errors.New("expansion limit exceeded")

// SourceError is an error at a position in an input file. It prints
// compiler style, position first: "compose.yaml:12:5: services.web: ...".
type SourceError struct {
	Pos Position
	Err error
}

func (e *SourceError) Error() string {
	if e.Pos.File == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s: %v", e.Pos, e.Err)
}

func (e *SourceError) Unwrap() error { return e.Err }

// Errorf returns a SourceError at pos.
func Errorf(pos Position, format string, args ...any) error {
	return &SourceError{Pos: pos, Err: fmt.Errorf(format, args...)}
}
