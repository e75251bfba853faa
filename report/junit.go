package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/dockpol/dockpol/engine"
)

// writeJUnit writes JUnit XML as GitLab, Jenkins and most CI test tabs
// read it, with the element set of go-junit-report's junit package:
//
//   - one <testsuite> per input file, named by its path;
//   - one <testcase> per rule × container ("DKR-C01 web", classname the
//     file), per rule for document rules ("DKR-N06"): passing when the
//     rule found nothing, so the counts mean something;
//   - <failure> for a deny, and for a warn only with --fail-on warn (the
//     test tab then agrees with the exit code); other warnings pass, with
//     the finding in <system-out>;
//   - <skipped> when every finding is waived or in the baseline, with the
//     reason;
//   - <error> for an input that could not be checked (testcase "input").
//
// Times are 0: dockpol does not time single rules, and the output stays
// reproducible.
func writeJUnit(w io.Writer, r *Report, o Options) error {
	out := junit.Testsuites{Name: "dockpol"}
	for i, s := range suites(r) {
		ts := junit.Testsuite{Name: s.Name, ID: i, Time: "0"}
		if s.Kind != "" {
			ts.AddProperty("kind", s.Kind)
		}
		for _, c := range s.Cases {
			ts.AddTestcase(junitCase(c, o))
		}
		if len(s.Warnings) > 0 {
			var b strings.Builder
			for _, w := range s.Warnings {
				fmt.Fprintf(&b, "%s: warning: %s\n", position(w.File, w.Line, w.Column), w.Message)
			}
			ts.SystemOut = &junit.Output{Data: b.String()}
		}
		out.AddSuite(ts)
	}
	if _, err := io.WriteString(w, xmlHeader); err != nil {
		return err
	}
	return out.WriteXML(w)
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func junitCase(c testCase, o Options) junit.Testcase {
	tc := junit.Testcase{Name: xmlSafe(c.name()), Classname: xmlSafe(c.Input), Time: "0"}
	switch c.status(o) {
	case errored:
		tc.Error = &junit.Result{
			Message: xmlSafe(c.Err.Message),
			Type:    "input error",
			Data:    xmlSafe(fmt.Sprintf("%s: error: %s\n", position(c.Err.File, c.Err.Line, c.Err.Column), c.Err.Message)),
		}
	case failed:
		var first engine.Finding
		n := 0
		for _, f := range c.Findings {
			if failing(f, o) {
				if n == 0 {
					first = f
				}
				n++
			}
		}
		msg := first.Message
		if n > 1 {
			msg += fmt.Sprintf(" (and %d more)", n-1)
		}
		tc.Failure = &junit.Result{Message: xmlSafe(msg), Type: first.Action, Data: xmlSafe(findingsText(c.Findings))}
	case skipped:
		tc.Skipped = &junit.Result{Message: xmlSafe(skipReason(c.Findings[0]))}
		tc.SystemOut = &junit.Output{Data: xmlSafe(findingsText(c.Findings))}
	case warned:
		tc.SystemOut = &junit.Output{Data: xmlSafe(findingsText(c.Findings))}
	}
	return tc
}

// findingsText lists a case's findings, one line each, then the rule's
// remediation and references once.
func findingsText(fs []engine.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(findingLine(f))
		b.WriteByte('\n')
	}
	f := fs[0]
	if f.Title != "" {
		fmt.Fprintf(&b, "\n%s: %s\n", f.ID, f.Title)
	}
	if f.Remediation != "" {
		fmt.Fprintf(&b, "\nRemediation:\n%s\n", f.Remediation)
	}
	for _, u := range f.RelatedResources {
		fmt.Fprintf(&b, "See %s\n", u)
	}
	return b.String()
}

// xmlSafe drops the characters XML 1.0 cannot carry at all (control
// characters other than tab, newline and carriage return), which
// encoding/xml would otherwise write as they are, even in CDATA.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}
