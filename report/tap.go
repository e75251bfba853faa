package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v4"
)

// writeTAP writes TAP version 13 (which TAP 14 harnesses read too): one
// test point per rule × container of each input, the same tests as the
// JUnit report, so a clean rule is "ok" and the plan counts every check:
//
//	TAP version 13
//	1..183
//	ok 1 - examples/compose.yaml DKR-C01 web
//	not ok 2 - examples/compose.yaml DKR-C01 worker
//	  ---
//	  message: 'service "worker" runs privileged: ...'
//	  ...
//
// A deny is "not ok"; a warn is "not ok ... # TODO warn" (reported, and
// not failing, as TAP's TODO directive means) unless --fail-on warn makes
// it a plain "not ok"; a waived or baselined finding is "ok ... # SKIP"
// with the reason; an input error is "not ok" for its "input" test. Each
// "not ok" carries a YAML diagnostics block. Input warnings and the
// summary are "#" comments.
func writeTAP(out io.Writer, r *Report, o Options) error {
	w := bufio.NewWriter(out)
	var cases []testCase
	ss := suites(r)
	for _, s := range ss {
		cases = append(cases, s.Cases...)
	}
	fmt.Fprintln(w, "TAP version 13")
	fmt.Fprintf(w, "1..%d\n", len(cases))
	for i, c := range cases {
		desc := tapEscape(c.Input + " " + c.name())
		n := i + 1
		switch c.status(o) {
		case passed:
			fmt.Fprintf(w, "ok %d - %s\n", n, desc)
		case skipped:
			fmt.Fprintf(w, "ok %d - %s # SKIP %s\n", n, desc, tapEscape(oneLine(skipReason(c.Findings[0]))))
		case warned:
			fmt.Fprintf(w, "not ok %d - %s # TODO warn\n", n, desc)
			if err := tapDiagnostics(w, c); err != nil {
				return err
			}
		default: // failed, errored
			fmt.Fprintf(w, "not ok %d - %s\n", n, desc)
			if err := tapDiagnostics(w, c); err != nil {
				return err
			}
		}
	}
	if !o.Quiet {
		for _, s := range ss {
			for _, e := range s.Warnings {
				fmt.Fprintf(w, "# %s: warning: %s\n", position(e.File, e.Line, e.Column), oneLine(e.Message))
			}
		}
		fmt.Fprintf(w, "# %s\n", summaryLine(r.Summary))
	}
	return w.Flush()
}

// tapDiag is the YAML diagnostics block of a failing test point.
type tapDiag struct {
	Message     string       `yaml:"message"`
	Rule        string       `yaml:"rule,omitempty"`
	Title       string       `yaml:"title,omitempty"`
	Severity    string       `yaml:"severity,omitempty"`
	Action      string       `yaml:"action,omitempty"`
	Container   string       `yaml:"container,omitempty"`
	At          string       `yaml:"at,omitempty"`
	Findings    []tapFinding `yaml:"findings,omitempty"` // when there is more than one
	Remediation string       `yaml:"remediation,omitempty"`
}

type tapFinding struct {
	At      string `yaml:"at"`
	Action  string `yaml:"action"`
	Message string `yaml:"message"`
	Waived  string `yaml:"waived,omitempty"`
}

func tapDiagnostics(w io.Writer, c testCase) error {
	var d tapDiag
	if c.Err != nil {
		d = tapDiag{Message: c.Err.Message, At: position(c.Err.File, c.Err.Line, c.Err.Column)}
	} else {
		f := c.Findings[0]
		d = tapDiag{Message: f.Message, Rule: f.ID, Title: f.Title, Severity: f.Severity, Action: f.Action,
			Container: f.Container, At: position(f.File, f.Line, f.Col), Remediation: f.Remediation}
		if len(c.Findings) > 1 {
			for _, f := range c.Findings {
				d.Findings = append(d.Findings, tapFinding{At: position(f.File, f.Line, f.Col), Action: f.Action,
					Message: f.Message, Waived: skipReason(f)})
			}
		}
	}
	var n yaml.Node
	if err := n.Encode(d); err != nil {
		return fmt.Errorf("tap diagnostics: %w", err)
	}
	quoteMultiline(&n)
	data, err := yaml.Dump(&n, yaml.WithIndent(2), yaml.WithCompactSeqIndent(false), yaml.WithLineWidth(-1))
	if err != nil {
		return fmt.Errorf("tap diagnostics: %w", err)
	}
	fmt.Fprintln(w, "  ---")
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		fmt.Fprintln(w, "  "+line)
	}
	fmt.Fprintln(w, "  ...")
	return nil
}

// quoteMultiline writes multi-line strings double-quoted ("a\nb"):
// TAP harnesses read diagnostics as YAMLish, a YAML subset without block
// scalars (Perl's TAP::Parser rejects "|-").
func quoteMultiline(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && strings.ContainsAny(n.Value, "\n\r") {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		quoteMultiline(c)
	}
}

// tapEscape escapes what TAP reads in a description: # starts a
// directive, and a backslash escapes it.
func tapEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "#", `\#`, "\n", " ", "\r", " ").Replace(s)
}
