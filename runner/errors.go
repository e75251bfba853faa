package runner

import (
	"errors"
	"strings"
)

// ErrUnknownKind is an input whose kind neither its name nor its content
// tells.
var ErrUnknownKind = errors.New("cannot tell what kind of input this is (" + strings.Join(Kinds, ", ") + "): name it with --kind")
