package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// compileError rewrites OPA's parse and compile errors as one line per
// error, compiler style: "policy/team.rego:12:5: rego_type_error: ...".
func compileError(err error) error {
	var errs ast.Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		return err
	}
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		pos := ""
		if e.Location != nil {
			pos = fmt.Sprintf("%s:%d:%d: ", e.Location.File, e.Location.Row, e.Location.Col)
		}
		lines = append(lines, pos+e.Code+": "+e.Message)
	}
	for _, e := range errs {
		if strings.Contains(e.Message, "keyword is required") {
			lines = append(lines, "hint: this looks like Rego v0 (pre-1.0 syntax): use --rego-version v0, or put {\"rego_version\": 0} in the policy directory's .manifest")
			break
		}
	}
	return &PolicyError{Lines: lines, err: err}
}

// PolicyError is a policy that does not parse or compile: one line per
// problem, each with its position.
type PolicyError struct {
	Lines []string
	err   error
}

func (e *PolicyError) Error() string { return strings.Join(e.Lines, "\n") }

func (e *PolicyError) Unwrap() error { return e.err }
