package report_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	junitparse "github.com/joshdk/go-junit"

	"github.com/dockpol/dockpol/report"
)

// TestJUnit reads the JUnit report back with a JUnit-consuming library
// (github.com/joshdk/go-junit, as CI dashboards read it) and checks what a
// CI test tab would show: one suite per input, one test per rule ×
// container, and each test's status.
func TestJUnit(t *testing.T) {
	tests := []struct {
		name   string
		failOn string
		want   map[string]junitparse.Status // test name -> status, in suite deploy/compose.yaml
		totals junitparse.Totals
	}{
		{"warnings pass", "deny", map[string]junitparse.Status{
			"DKR-C01 web": junitparse.StatusFailed,  // deny
			"DKR-C27 web": junitparse.StatusPassed,  // warn: passes, finding in system-out
			"DKR-N01 web": junitparse.StatusPassed,  // two warnings, one test
			"DKR-C04 db":  junitparse.StatusSkipped, // inline waiver
			"DKR-C18 db":  junitparse.StatusSkipped, // configuration exception
			"DKR-C25 db":  junitparse.StatusSkipped, // baseline
			"DKR-C02 db":  junitparse.StatusFailed,  // expired exception counts
			"DKR-C01 db":  junitparse.StatusPassed,  // judged, nothing found
			"DKR-V01":     junitparse.StatusPassed,  // document rule, warn
			"DKR-V02":     junitparse.StatusPassed,
		}, junitparse.Totals{Tests: 16, Passed: 11, Skipped: 3, Failed: 2}},
		{"--fail-on warn", "warn", map[string]junitparse.Status{
			"DKR-C01 web": junitparse.StatusFailed,
			"DKR-C27 web": junitparse.StatusFailed,
			"DKR-N01 web": junitparse.StatusFailed,
			"DKR-C25 db":  junitparse.StatusSkipped, // baselined warnings stay skipped
			"DKR-V01":     junitparse.StatusFailed,
		}, junitparse.Totals{Tests: 16, Passed: 8, Skipped: 3, Failed: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := write(t, "junit", fixture(), report.Options{FailOn: tt.failOn})
			if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<testsuites ") {
				t.Errorf("does not start with the XML declaration and <testsuites>:\n%.200s", out)
			}
			suites, err := junitparse.Ingest([]byte(out))
			if err != nil {
				t.Fatal(err)
			}
			names := []string{}
			for _, s := range suites {
				names = append(names, s.Name)
			}
			if diff := cmp.Diff([]string{"broken.yaml", "deploy/compose.yaml"}, names); diff != "" {
				t.Fatalf("suites (-want +got):\n%s", diff)
			}
			broken, compose := suites[0], suites[1]
			if len(broken.Tests) != 1 || broken.Tests[0].Name != "input:4:4" || broken.Tests[0].Status != junitparse.StatusError ||
				!strings.Contains(broken.Tests[0].Error.Error(), "invalid YAML") {
				t.Errorf("broken.yaml: %+v, want one erroring test input:4:4", broken.Tests)
			}
			if compose.Properties["kind"] != "compose" {
				t.Errorf("properties %v, want kind compose", compose.Properties)
			}
			if !strings.Contains(compose.SystemOut, `deploy/compose.yaml:7:9: warning: variable "REGION" is not set`) {
				t.Errorf("suite system-out %q lacks the input warning", compose.SystemOut)
			}
			got := map[string]junitparse.Test{}
			for _, tc := range compose.Tests {
				if _, dup := got[tc.Name]; dup {
					t.Errorf("test %q twice", tc.Name)
				}
				got[tc.Name] = tc
				if tc.Classname != "deploy/compose.yaml" {
					t.Errorf("%s: classname %q", tc.Name, tc.Classname)
				}
			}
			for name, status := range tt.want {
				if got[name].Status != status {
					t.Errorf("%s: %s, want %s", name, got[name].Status, status)
				}
			}
			compose.Totals.Duration = 0
			if diff := cmp.Diff(tt.totals, compose.Totals); diff != "" {
				t.Errorf("totals (-want +got):\n%s", diff)
			}
			c01 := got["DKR-C01 web"]
			if !strings.HasPrefix(c01.Message, `service "web" runs privileged`) || c01.Error == nil || !strings.Contains(c01.Error.Error(), "Remediation:") {
				t.Errorf("DKR-C01 web failure: message %q, body %q", c01.Message, c01.Error)
			}
			n01 := got["DKR-N01 web"]
			body := n01.SystemOut
			if n01.Error != nil {
				body += n01.Error.Error()
			}
			if !strings.Contains(body, "port 80 ") || !strings.Contains(body, "port 443 ") {
				t.Errorf("DKR-N01 web: both findings should be in %q", body)
			}
			if skip := got["DKR-C04 db"]; !strings.Contains(skip.Message, "needs host metrics") {
				t.Errorf("DKR-C04 db skipped with %q, want the waiver's reason", skip.Message)
			}
		})
	}
}

// TestJUnitCounts: the counts on <testsuites> and <testsuite> agree with
// the test cases, as Jenkins and GitLab read them from the attributes.
func TestJUnitCounts(t *testing.T) {
	out := write(t, "junit", fixture(), report.Options{})
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Tests int `xml:"tests,attr"`
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range doc.Suites {
		if s.Tests != len(s.Cases) {
			t.Errorf("suite says tests=%d, has %d", s.Tests, len(s.Cases))
		}
		n += len(s.Cases)
	}
	if doc.Tests != n || doc.Failures != 2 || doc.Errors != 1 || doc.Skipped != 3 {
		t.Errorf("testsuites tests=%d failures=%d errors=%d skipped=%d, want %d 2 1 3", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, n)
	}
}

// TestJUnitControlCharacters: characters XML cannot carry do not make the
// report unreadable.
func TestJUnitControlCharacters(t *testing.T) {
	r := fixture()
	r.Findings[0].Message = "bad \x00\x1b[31m byte ]]> end"
	out := write(t, "junit", r, report.Options{})
	if _, err := junitparse.Ingest([]byte(out)); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
}
