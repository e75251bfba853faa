package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/internal/schematest"
	"github.com/dockpol/dockpol/report"
)

// fixture is a report with one of everything a reporter must render: a
// counted deny and warn, a rule firing twice on one container, an inline
// waiver, a configuration exception, an expired exception, a baselined
// finding, a document rule, an input error and an input warning, and
// characters that need escaping in every format.
func fixture() *report.Report {
	f := func(id, action, severity, container string, line int, msg string) engine.Finding {
		return engine.Finding{
			ID: id, Action: action, Severity: severity, Title: "Title of " + id, Message: msg,
			Container: container, File: "deploy/compose.yaml", Line: line, Col: 5, Kind: "compose",
			Path: "containers[0].x", Package: "dockpol.container", Remediation: "Fix it:\n  x: y",
			RelatedResources: []string{"https://docs.docker.com/x"},
			Fingerprint:      "fp-" + id + "-" + container, Input: "deploy/compose.yaml",
		}
	}
	deny := f("DKR-C01", "deny", "critical", "web", 6, `service "web" runs privileged: 100% of the host, a,b:c`)
	warn := f("DKR-C27", "warn", "medium", "web", 4, "service \"web\" has no memory limit\nsecond line")
	twice1 := f("DKR-N01", "warn", "medium", "web", 9, "port 80 on all interfaces")
	twice2 := f("DKR-N01", "warn", "medium", "web", 10, "port 443 on all interfaces")
	inline := f("DKR-C04", "deny", "high", "db", 20, `service "db" uses the host network`)
	inline.Waiver = &engine.Waiver{Reason: "needs host metrics", Source: "deploy/compose.yaml:22:7 (inline)", Inline: true}
	exception := f("DKR-C18", "deny", "critical", "db", 25, "socket mounted")
	exception.Waiver = &engine.Waiver{Reason: "monitoring agent", Source: ".dockpol.yaml:4"}
	expired := f("DKR-C02", "deny", "high", "db", 21, "host PID")
	expired.Waiver = &engine.Waiver{Reason: "old", Source: ".dockpol.yaml:9", Expires: "2020-01-01", Expired: true}
	baselined := f("DKR-C25", "warn", "medium", "db", 19, "runs as root")
	baselined.Baselined = true
	doc := f("DKR-V01", "warn", "low", "", 30, "volume shared")
	doc.Package = "dockpol.volume"

	r := report.New([]engine.Finding{deny, warn, twice1, twice2, inline, exception, expired, baselined, doc},
		[]report.Error{{File: "broken.yaml", Line: 4, Column: 4, Message: "invalid YAML: did not find expected key"}},
		[]report.Warning{{File: "deploy/compose.yaml", Line: 7, Column: 9, Message: `variable "REGION" is not set`}},
		2, 2)
	r.Checks = []engine.Checks{{
		Input: "deploy/compose.yaml", Kind: "compose", Document: []string{"DKR-V01", "DKR-V02"},
		Containers: []engine.ContainerChecks{
			{Name: "web", Rules: []string{"DKR-C01", "DKR-C02", "DKR-C04", "DKR-C18", "DKR-C25", "DKR-C27", "DKR-N01"}},
			{Name: "db", Rules: []string{"DKR-C01", "DKR-C02", "DKR-C04", "DKR-C18", "DKR-C25", "DKR-C27", "DKR-N01"}},
		},
	}}
	r.Rules = map[string]*engine.Rule{
		"DKR-C01": {ID: "DKR-C01", Title: "Privileged container", Description: "A privileged container has every capability.",
			Severity: "critical", Action: "deny", CIS: "5.5", Remediation: "Remove privileged: true.", Package: "dockpol.container",
			RelatedResources: []string{"https://docs.docker.com/reference/cli/docker/container/run/#privileged"}},
	}
	return r
}

func write(t *testing.T, format string, r *report.Report, o report.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(&b, format, r, o); err != nil {
		t.Fatalf("write %s: %v", format, err)
	}
	return b.String()
}

func TestFormats(t *testing.T) {
	want := []string{"github", "json", "junit", "sarif", "table", "tap", "text"}
	if diff := cmp.Diff(want, report.Formats()); diff != "" {
		t.Errorf("Formats() (-want +got):\n%s", diff)
	}
	if err := report.Write(&bytes.Buffer{}, "html", fixture(), report.Options{}); err == nil {
		t.Error("unknown format: no error")
	}
}

// TestEveryFormatWrites: every format writes the fixture and an empty
// report without error, and never prints what the findings do not carry.
func TestEveryFormatWrites(t *testing.T) {
	for _, format := range report.Formats() {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out := write(t, format, fixture(), report.Options{ExitCode: 2, FailOn: "deny"})
			if !strings.Contains(out, "DKR-C01") {
				t.Errorf("%s report does not name DKR-C01:\n%s", format, out)
			}
			empty := report.New(nil, nil, nil, 1, 0)
			write(t, format, empty, report.Options{})
		})
	}
}

func TestPlanOutputs(t *testing.T) {
	tests := []struct {
		name      string
		format    string
		formatSet bool
		specs     []string
		want      []report.Output
		wantErr   string
	}{
		{"default", "text", false, nil, []report.Output{{"text", "-"}}, ""},
		{"files beside stdout", "text", false, []string{"sarif=r.sarif", "junit=j.xml"},
			[]report.Output{{"text", "-"}, {"sarif", "r.sarif"}, {"junit", "j.xml"}}, ""},
		{"output to stdout replaces the default", "text", false, []string{"json=-", "sarif=r.sarif"},
			[]report.Output{{"json", "-"}, {"sarif", "r.sarif"}}, ""},
		{"path with =", "text", false, []string{"sarif=a=b.sarif"}, []report.Output{{"text", "-"}, {"sarif", "a=b.sarif"}}, ""},
		{"explicit format and stdout output", "table", true, []string{"json=-"}, nil, "standard output already carries the --format table report"},
		{"stdout twice", "text", false, []string{"json=-", "sarif=-"}, nil, "only one report can go to standard output"},
		{"path twice", "text", false, []string{"json=r", "sarif=r"}, nil, "r is named twice"},
		{"no =", "text", false, []string{"sarif"}, nil, `--output "sarif": want FORMAT=PATH`},
		{"empty path", "text", false, []string{"sarif="}, nil, "want FORMAT=PATH"},
		{"unknown format", "text", false, []string{"html=r.html"}, nil, `unknown format "html"`},
		{"unknown --format", "xml", true, nil, nil, `unknown --format "xml"`},
		{"spec in --format", "sarif=x", true, nil, nil, "FORMAT=PATH goes to --output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.PlanOutputs(tt.format, tt.formatSet, tt.specs)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q is more than one line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestJSONSchema: the JSON report of the fixture (a waiver, an expired
// exception, a baselined finding, errors, warnings) and of a live audit
// match the published schema, docs/schema/report-v1.json.
func TestJSONSchema(t *testing.T) {
	schematest.ValidateReport(t, []byte(write(t, "json", fixture(), report.Options{})))
	live := fixture()
	live.Engine = &report.Engine{Name: "host", ID: "X", Version: "27.3.1", Host: "unix:///var/run/docker.sock"}
	schematest.ValidateReport(t, []byte(write(t, "json", live, report.Options{})))
	schematest.ValidateReport(t, []byte(write(t, "json", report.New(nil, nil, nil, 1, 0), report.Options{})))
}
