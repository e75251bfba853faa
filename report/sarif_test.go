package report_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/internal/schematest"
	"github.com/dockpol/dockpol/report"
)

// ValidateSARIF checks data against the official SARIF 2.1.0 schema.
var ValidateSARIF = schematest.ValidateSARIF

func sarifValid(t testing.TB, data []byte) error { return schematest.SARIFError(t, data) }

// TestSARIFSchemaRejects: the vendored schema and validator do reject
// what SARIF forbids, so a passing validation means something.
func TestSARIFSchemaRejects(t *testing.T) {
	bad := map[string]string{
		"level":          `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}`,
		"no tool":        `{"version":"2.1.0","runs":[{"results":[]}]}`,
		"version":        `{"version":"2.0.0","runs":[]}`,
		"null location":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[null]}]}]}`,
		"unknown field":  `{"version":"2.1.0","runs":[],"extra":1}`,
		"startLine zero": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"region":{"startLine":0}}}]}]}]}`,
	}
	for name, doc := range bad {
		if sarifValid(t, []byte(doc)) == nil {
			t.Errorf("%s: the schema accepts %s", name, doc)
		}
	}
	if err := sarifValid(t, []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[]}]}`)); err != nil {
		t.Errorf("a minimal log is rejected: %v", err)
	}
}

// sarifLog is the part of a SARIF log the tests look at.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string            `json:"id"`
					Name             string            `json:"name"`
					ShortDescription map[string]string `json:"shortDescription"`
					FullDescription  map[string]string `json:"fullDescription"`
					Help             map[string]string `json:"help"`
					Properties       map[string]any    `json:"properties"`
					Default          struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExitCode            int  `json:"exitCode"`
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level   string         `json:"level"`
				Message map[string]any `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID       string            `json:"ruleId"`
			RuleIndex    int               `json:"ruleIndex"`
			Level        string            `json:"level"`
			Message      map[string]any    `json:"message"`
			Fingerprints map[string]string `json:"partialFingerprints"`
			Suppressions []struct {
				Kind          string `json:"kind"`
				Status        string `json:"status"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
			Locations []struct {
				Physical *struct {
					Artifact struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIF(t *testing.T) {
	tests := []struct {
		name       string
		opts       report.Options
		wantURI    string
		wantExit   int
		wantSucces bool
	}{
		{"at the repository root", report.Options{ExitCode: 1, Version: "1.2.3"}, "deploy/compose.yaml", 1, true},
		{"below the root", report.Options{ExitCode: 2, Version: "1.2.3", BaseDir: "services/shop"}, "services/shop/deploy/compose.yaml", 2, false},
		{"clean run", report.Options{ExitCode: 0, Version: "1.2.3"}, "deploy/compose.yaml", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := write(t, "sarif", fixture(), tt.opts)
			ValidateSARIF(t, []byte(out))
			var log sarifLog
			if err := json.Unmarshal([]byte(out), &log); err != nil {
				t.Fatal(err)
			}
			if log.Version != "2.1.0" || len(log.Runs) != 1 {
				t.Fatalf("version %q, %d runs: want 2.1.0 and one run", log.Version, len(log.Runs))
			}
			run := log.Runs[0]
			d := run.Tool.Driver
			if d.Name != "dockpol" || d.Version != "1.2.3" || d.InformationURI != report.InformationURI {
				t.Errorf("driver %q %q %q", d.Name, d.Version, d.InformationURI)
			}
			inv := run.Invocations[0]
			if inv.ExitCode != tt.wantExit || inv.ExecutionSuccessful != tt.wantSucces {
				t.Errorf("invocation exit %d successful %v, want %d %v", inv.ExitCode, inv.ExecutionSuccessful, tt.wantExit, tt.wantSucces)
			}
			if len(inv.Notifications) != 2 || inv.Notifications[0].Level != "error" || inv.Notifications[1].Level != "warning" {
				t.Errorf("notifications %+v: want the input error and the input warning", inv.Notifications)
			}

			// one descriptor per rule with a result, sorted, each result
			// pointing at its own
			var ids []string
			for _, r := range d.Rules {
				ids = append(ids, r.ID)
			}
			want := []string{"DKR-C01", "DKR-C02", "DKR-C04", "DKR-C18", "DKR-C25", "DKR-C27", "DKR-N01", "DKR-V01"}
			if diff := cmp.Diff(want, ids); diff != "" {
				t.Errorf("rule descriptors (-want +got):\n%s", diff)
			}
			c01 := d.Rules[0]
			if c01.Name != "PrivilegedContainer" || c01.ShortDescription["text"] != "Privileged container" ||
				c01.FullDescription["text"] != "A privileged container has every capability." ||
				!strings.Contains(c01.Help["text"], "Remediation:\nRemove privileged: true.") ||
				c01.Properties["security-severity"] != "9.5" || c01.Default.Level != "error" {
				t.Errorf("DKR-C01 descriptor: %+v", c01)
			}
			if tags := c01.Properties["tags"]; !cmp.Equal(tags, []any{"security", "docker", "container", "external/cis-docker-benchmark/5.5"}) {
				t.Errorf("DKR-C01 tags %v", tags)
			}
			if len(run.Results) != 9 {
				t.Fatalf("%d results, want 9", len(run.Results))
			}
			for _, res := range run.Results {
				if d.Rules[res.RuleIndex].ID != res.RuleID {
					t.Errorf("%s: ruleIndex %d names %s", res.RuleID, res.RuleIndex, d.Rules[res.RuleIndex].ID)
				}
				if res.Fingerprints[report.FingerprintKey] == "" {
					t.Errorf("%s: no %s fingerprint", res.RuleID, report.FingerprintKey)
				}
				loc := res.Locations[0].Physical
				if loc == nil || loc.Artifact.URI != tt.wantURI || loc.Region == nil || loc.Region.StartLine == 0 || loc.Region.StartColumn != 5 {
					t.Errorf("%s: location %+v, want %s with line and column", res.RuleID, loc, tt.wantURI)
				}
			}
			byRule := map[string]int{}
			for i, res := range run.Results {
				byRule[res.RuleID] = i
			}
			suppression := func(id string) string {
				s := run.Results[byRule[id]].Suppressions
				if len(s) == 0 {
					return ""
				}
				return s[0].Kind + " " + s[0].Status + " " + s[0].Justification
			}
			checks := []struct{ id, level, suppression string }{
				{"DKR-C01", "error", ""},
				{"DKR-C27", "warning", ""},
				{"DKR-C04", "error", "inSource accepted needs host metrics (deploy/compose.yaml:22:7 (inline))"},
				{"DKR-C18", "error", "external accepted monitoring agent (.dockpol.yaml:4)"},
				{"DKR-C25", "warning", "external accepted in the baseline"},
				{"DKR-C02", "error", ""}, // expired exception: counts again
			}
			for _, c := range checks {
				res := run.Results[byRule[c.id]]
				if res.Level != c.level || suppression(c.id) != c.suppression {
					t.Errorf("%s: level %q suppression %q, want %q %q", c.id, res.Level, suppression(c.id), c.level, c.suppression)
				}
			}
		})
	}
}

func TestSecuritySeverity(t *testing.T) {
	// GitHub's bands: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, < 4.0 low
	bands := map[string][2]float64{"critical": {9.0, 10}, "high": {7.0, 8.9}, "medium": {4.0, 6.9}, "low": {0.1, 3.9}}
	for sev, band := range bands {
		s, ok := report.SecuritySeverity[sev]
		if !ok {
			t.Errorf("no security-severity for %s", sev)
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Errorf("%s: security-severity %q is not a number", sev, s)
			continue
		}
		in := v >= band[0] && v <= band[1]
		if sev == "critical" {
			in = v > band[0] && v <= band[1]
		}
		if !in {
			t.Errorf("%s: security-severity %s outside GitHub's band %v", sev, s, band)
		}
	}
}

// TestSARIFLiveAudit: a live audit names no repository file, so results
// carry logical locations only, and still validate.
func TestSARIFLiveAudit(t *testing.T) {
	r := fixture()
	r.Engine = &report.Engine{Name: "host", ID: "X", Version: "27.3.1", Host: "unix:///var/run/docker.sock"}
	out := write(t, "sarif", r, report.Options{ExitCode: 1})
	ValidateSARIF(t, []byte(out))
	if strings.Contains(out, "physicalLocation") {
		t.Error("live audit results carry a physical location")
	}
}
