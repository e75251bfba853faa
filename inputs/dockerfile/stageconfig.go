package dockerfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// ErrNoTarget is a build target that names no stage of the Dockerfile
// (docker build fails: "target stage ... could not be found").
var ErrNoTarget = errors.New("no stage of that name")

// StageConfig is what a Dockerfile says of the image one of its stages
// produces, followed through the stages it is built FROM (a stage built
// FROM an earlier one inherits its USER and HEALTHCHECK): what a compose
// service with build: runs with unless the service overrides it.
type StageConfig struct {
	// Index and Name identify the stage (Name "" when it has none); Line
	// is its FROM line.
	Index int
	Name  string
	Line  int
	// User is the USER in effect, nil when no stage of the chain sets one
	// (the base image's applies); UserLine is the line that set it.
	User     *string
	UserLine int
	// Healthcheck is the HEALTHCHECK in effect ({"test", "disabled"}, as
	// the document writes it), nil when none is set; HealthcheckLine is
	// the line that set it.
	Healthcheck     map[string]any
	HealthcheckLine int
	// Warnings are the parser's warnings about the Dockerfile.
	Warnings []inputs.Diagnostic
}

// ImageConfig parses the Dockerfile data (reported under path) and
// returns the configuration of the image its target stage produces:
// target names a stage (case-insensitively, as docker build matches
// --target), "" means the last stage. buildArgs override ARG defaults as
// docker build --build-arg does. A Dockerfile BuildKit refuses is an
// *inputs.SourceError at its line; a target that names no stage wraps
// ErrNoTarget.
func ImageConfig(path string, data []byte, target string, buildArgs map[string]string) (sc *StageConfig, err error) {
	defer func() {
		if p := recover(); p != nil {
			sc, err = nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w: %v", ErrParserPanic, p)}
		}
	}()
	if buildArgs == nil {
		buildArgs = map[string]string{}
	}
	b, _, err := parse(path, data, buildArgs)
	if err != nil {
		return nil, err
	}
	st := b.stages[len(b.stages)-1]
	if target != "" {
		st = nil
		for _, s := range b.stages {
			if s.name != "" && strings.EqualFold(s.name, target) {
				st = s
				break
			}
		}
		if st == nil {
			return nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("build target %q: %w", target, ErrNoTarget)}
		}
	}
	inputs.SortDiagnostics(b.warnings)
	sc = &StageConfig{Index: st.index, Name: st.name, Line: st.line, Warnings: b.warnings}
	if u := st.cfg.user; u != nil {
		v := u.value
		sc.User, sc.UserLine = &v, u.line
	}
	if h := st.cfg.healthcheck; h != nil {
		sc.Healthcheck, sc.HealthcheckLine = h.value, h.line
	}
	return sc, nil
}
