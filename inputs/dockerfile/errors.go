package dockerfile

import "errors"

// Errors the adapter returns, wrapped in an *inputs.SourceError that names
// the file and line; check them with errors.Is.
var (
	// ErrSyntax is a Dockerfile BuildKit's parser rejects.
	ErrSyntax = errors.New("invalid Dockerfile")
	// ErrEmpty is a Dockerfile without any instruction.
	ErrEmpty = errors.New("empty Dockerfile: no instructions")
	// ErrNoStages is a Dockerfile without a FROM.
	ErrNoStages = errors.New("invalid Dockerfile: no FROM, so no stage to build")
	// ErrNoStage is an instruction other than ARG before the first FROM.
	ErrNoStage = errors.New("invalid Dockerfile: no build stage in current context")
	// ErrParserPanic is a panic of BuildKit's parser on this input.
	ErrParserPanic = errors.New("invalid Dockerfile: the parser failed")
)
