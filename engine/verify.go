package engine

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// ErrNoTests is returned by Verify when the sources hold no test rules: a
// test run that tests nothing is not a pass.
var ErrNoTests = errors.New("no tests found (test rules are named test_*, in _test.rego files)")

// TestResult is the outcome of one Rego test rule.
type TestResult struct {
	Package  string        `json:"package"`
	Name     string        `json:"name"`
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Pass     bool          `json:"pass"`
	Skip     bool          `json:"skip,omitempty"`
	Error    string        `json:"error,omitempty"`
	Output   string        `json:"output,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	// TimedOut says the test was stopped: it outran its time limit, or
	// the context of the run ended.
	TimedOut bool `json:"timed_out,omitempty"`
}

// VerifyOptions select tests and coverage.
type VerifyOptions struct {
	// Run is a regular expression on test names (package.rule).
	Run string
	// Coverage measures which policy lines the tests evaluate.
	Coverage bool
	// Data is exposed as data.dockpol.config.
	Data map[string]any
	// Timeout bounds each test (default DefaultTestTimeout).
	Timeout time.Duration
}

// DefaultTestTimeout bounds one Rego test: OPA's tester default, as opa
// test applies it.
const DefaultTestTimeout = 5 * time.Second

// Coverage is the share of policy lines (outside _test.rego files) the
// tests evaluated, per file and overall.
type Coverage struct {
	Percent float64            `json:"coverage"`
	Files   map[string]float64 `json:"files"`
}

// Verify runs the Rego unit tests (test_* rules) of the sources with OPA's
// tester, the same way `opa test` does.
func Verify(ctx context.Context, sources []Source, data map[string]any) ([]TestResult, error) {
	res, _, err := VerifyWith(ctx, sources, VerifyOptions{Data: data})
	return res, err
}

// VerifyWith is Verify with options; the coverage is nil unless asked for.
func VerifyWith(ctx context.Context, sources []Source, o VerifyOptions) ([]TestResult, *Coverage, error) {
	data := o.Data
	modules, bundleData, err := layer(sources, true)
	if err != nil {
		return nil, nil, err
	}
	store := inmem.NewFromObject(storeData(bundleData, data))
	runner := tester.NewRunner().
		SetCompiler(ast.NewCompiler().WithEnablePrintStatements(true)).
		SetStore(store).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		Filter(o.Run).
		SetModules(modules)
	if o.Timeout > 0 {
		runner = runner.SetTimeout(o.Timeout)
	}
	var cov *cover.Cover
	if o.Coverage {
		cov = cover.New()
		runner = runner.SetCoverageQueryTracer(cov)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("run tests: %w", compileError(err))
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Package: r.Package, Name: r.Name, Pass: r.Pass(), Skip: r.Skip, Output: string(r.Output), Duration: r.Duration}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		if r.Error != nil {
			tr.Error = r.Error.Error()
			tr.TimedOut = topdown.IsCancel(r.Error)
		}
		out = append(out, tr)
	}
	if len(out) == 0 {
		return nil, nil, ErrNoTests
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	var c *Coverage
	if cov != nil {
		// Coverage is about the policies under test: not their tests, and
		// not a library loaded without its tests (the shipped rules under
		// --with-builtin).
		library := func(name string) bool {
			for _, s := range sources {
				if s.NoTests && strings.HasPrefix(name, s.Name+"/") {
					return true
				}
			}
			return false
		}
		policyModules := map[string]*ast.Module{}
		for name, m := range modules {
			if !strings.HasSuffix(name, "_test.rego") && !library(name) {
				policyModules[name] = m
			}
		}
		rep := cov.Report(policyModules)
		c = &Coverage{Files: map[string]float64{}}
		covered, total := 0, 0
		for f, fr := range rep.Files {
			if _, ok := policyModules[f]; !ok {
				continue
			}
			c.Files[f] = fr.Coverage
			covered += fr.CoveredLines
			total += fr.CoveredLines + fr.NotCoveredLines
		}
		if total > 0 {
			c.Percent = 100 * float64(covered) / float64(total)
		}
	}
	return out, c, nil
}
