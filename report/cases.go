package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockpol/dockpol/engine"
)

// The test-shaped formats (JUnit, TAP) list one test per rule × container
// of each input (per rule for document rules), so that their counts mean
// something: a rule that judged a container and found nothing is a passing
// test. Findings from rules that have no METADATA id (team and
// conftest-style rules) add tests of their own; an input that could not be
// checked is one erroring test.

// status of a test case.
type status int

const (
	passed  status = iota // no finding
	warned                // only warnings that do not fail the run: passed, with output
	skipped               // every finding waived or in the baseline
	failed                // a counted deny, or a counted warn with --fail-on warn
	errored               // the input could not be checked
)

// testCase is one rule judged on one container (or on a whole document)
// of one input, or one input error.
type testCase struct {
	Input     string
	Rule      string
	Container string
	Findings  []engine.Finding
	Err       *Error
}

// name reads "DKR-C01 web" (the rule and the container), "DKR-N06" for a
// document rule, and "input" or "input:4:4" for an input error: stable
// across runs, so CI keeps each test's history.
func (c testCase) name() string {
	switch {
	case c.Err != nil && c.Err.Line > 0 && c.Err.Column > 0:
		return fmt.Sprintf("input:%d:%d", c.Err.Line, c.Err.Column)
	case c.Err != nil && c.Err.Line > 0:
		return fmt.Sprintf("input:%d", c.Err.Line)
	case c.Err != nil:
		return "input"
	case c.Container != "":
		return c.Rule + " " + c.Container
	}
	return c.Rule
}

// failing reports whether a finding fails its test: it counts, and it is
// a deny, or a warn with --fail-on warn.
func failing(f engine.Finding, o Options) bool {
	if !f.Counts() {
		return false
	}
	return f.Action == engine.ActionDeny || (f.Action == engine.ActionWarn || f.Action == engine.ActionAudit) && o.FailOn == "warn"
}

// status of the case: failed if a finding fails it, else warned if one
// still counts, else skipped if it has findings (all waived or in the
// baseline), else passed.
func (c testCase) status(o Options) status {
	if c.Err != nil {
		return errored
	}
	if len(c.Findings) == 0 {
		return passed
	}
	st := skipped
	for _, f := range c.Findings {
		if failing(f, o) {
			return failed
		}
		if f.Counts() {
			st = warned
		}
	}
	return st
}

// suite is one input: its tests and the warnings raised while reading it.
type suite struct {
	Name     string
	Kind     string
	Cases    []testCase
	Warnings []Warning
}

// suites groups the report into one suite per input, sorted by name.
func suites(r *Report) []*suite {
	byName := map[string]*suite{}
	get := func(name string) *suite {
		s, ok := byName[name]
		if !ok {
			s = &suite{Name: name}
			byName[name] = s
		}
		return s
	}
	key := func(input, container, rule string) string {
		return input + "\x00" + container + "\x00" + rule
	}
	// findings by input, container and rule, in report order
	found := map[string][]engine.Finding{}
	var order []string
	for _, f := range r.Findings {
		k := key(f.Input, f.Container, f.ID)
		if _, ok := found[k]; !ok {
			order = append(order, k)
		}
		found[k] = append(found[k], f)
	}
	used := map[string]bool{}
	add := func(s *suite, container, rule string) {
		k := key(s.Name, container, rule)
		if used[k] {
			return
		}
		used[k] = true
		s.Cases = append(s.Cases, testCase{Input: s.Name, Rule: rule, Container: container, Findings: found[k]})
	}
	for _, ch := range r.Checks {
		s := get(ch.Input)
		s.Kind = ch.Kind
		for _, id := range ch.Document {
			add(s, "", id)
		}
		for _, c := range ch.Containers {
			for _, id := range c.Rules {
				add(s, c.Name, id)
			}
		}
	}
	// findings of rules the checks do not list (no METADATA id), or of a
	// report built without checks
	for _, k := range order {
		if used[k] {
			continue
		}
		f := found[k][0]
		input := f.Input
		if input == "" {
			input = f.File
		}
		s := get(input)
		if s.Kind == "" {
			s.Kind = f.Kind
		}
		used[k] = true
		s.Cases = append(s.Cases, testCase{Input: s.Name, Rule: f.ID, Container: f.Container, Findings: found[k]})
	}
	for i := range r.Errors {
		e := r.Errors[i]
		s := get(e.File)
		s.Cases = append(s.Cases, testCase{Input: s.Name, Err: &e})
	}
	for _, w := range r.Warnings {
		s := get(w.File)
		s.Warnings = append(s.Warnings, w)
	}
	out := make([]*suite, 0, len(byName))
	for _, s := range byName {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// findingLine is one finding in the text report's words, for the output
// of a test: "compose.yaml:29: DENY DKR-C01 (critical) [worker] message".
func findingLine(f engine.Finding) string {
	loc := position(f.File, f.Line, 0)
	subject := ""
	if f.Container != "" {
		subject = " [" + f.Container + "]"
	}
	action := strings.ToUpper(f.Action)
	note := ""
	switch {
	case f.Waiver != nil && f.Waiver.Expired:
		note = fmt.Sprintf(" (exception expired %s, %s: %s)", f.Waiver.Expires, f.Waiver.Source, f.Waiver.Reason)
	case f.Waiver != nil:
		action = "WAIVED"
		note = fmt.Sprintf(" (%s: %s)", f.Waiver.Source, f.Waiver.Reason)
	case f.Baselined:
		action = "BASELINE"
	}
	return fmt.Sprintf("%s: %s %s (%s)%s %s%s", loc, action, f.ID, f.Severity, subject, f.Message, note)
}

// skipReason says why a finding does not count.
func skipReason(f engine.Finding) string {
	switch {
	case f.Waiver != nil:
		return fmt.Sprintf("waived (%s): %s", f.Waiver.Source, f.Waiver.Reason)
	case f.Baselined:
		return "in the baseline"
	}
	return ""
}
