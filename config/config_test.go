package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/config"
)

func TestParseValid(t *testing.T) {
	t.Parallel()
	const src = `# team configuration
policies: [./policy, team.tar.gz]
disable: [DKR-C11]
action:
  DKR-C27: deny
  DKR-C35: {ci: deny, gate: warn}
severity: {TEAM-001: medium}
exceptions:
  - rule: DKR-C04
    containers: ["metrics"]
    files: ["deploy/**"]
    images: ["prom/*"]
    reason: "node-exporter reads host network statistics"
    expires: 2027-03-31
  - rule: DKR-C0*
    reason: legacy
data:
  company_registries: [registry.example.com]
  max_replicas: 3
`
	got, err := config.Parse(".dockpol.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &config.Config{
		Path:     ".dockpol.yaml",
		Policies: []string{"./policy", "team.tar.gz"},
		Disable:  []string{"DKR-C11"},
		Action: map[string]config.Action{
			"DKR-C27": {All: "deny"},
			"DKR-C35": {PerMode: map[string]string{"ci": "deny", "gate": "warn"}},
		},
		Severity: map[string]string{"TEAM-001": "medium"},
		Exceptions: []config.Exception{
			{
				Rule: "DKR-C04", Containers: []string{"metrics"}, Files: []string{"deploy/**"}, Images: []string{"prom/*"},
				Reason: "node-exporter reads host network statistics", Expires: "2027-03-31", Line: 9,
			},
			{Rule: "DKR-C0*", Reason: "legacy", Line: 15},
		},
		Data: map[string]any{"company_registries": []any{"registry.example.com"}, "max_replicas": 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseEmpty(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "# nothing but a comment\n"} {
		got, err := config.Parse("c.yaml", []byte(src))
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		if got.Data == nil {
			t.Errorf("Parse(%q): Data is nil, want an empty map (rules read data.dockpol.config)", src)
		}
	}
}

func TestActionFor(t *testing.T) {
	t.Parallel()
	c, err := config.Parse("c.yaml", []byte("action:\n  A: warn\n  B: {gate: warn}\n  C: {ci: deny, gate: warn, audit: warn}\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, id := range []string{"A", "B", "C"} {
		for _, mode := range config.Modes {
			got[id+"/"+mode] = c.Action[id].For(mode)
		}
	}
	want := map[string]string{
		"A/ci": "warn", "A/gate": "warn", "A/audit": "warn",
		"B/ci": "", "B/gate": "warn", "B/audit": "",
		"C/ci": "deny", "C/gate": "warn", "C/audit": "warn",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Action.For (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string // the whole error message
	}{
		{"unknown key with its line", "disable: [DKR-C01]\nexeptions: []\n",
			".dockpol.yaml:2:1: field exeptions not found in type config.Config"},
		{"unknown exception key", "exceptions:\n  - rule: DKR-C01\n    reason: r\n    container: [web]\n",
			".dockpol.yaml:4:5: field container not found in type config.Exception"},
		{"bad action", "action:\n  DKR-C01: block\n",
			`.dockpol.yaml:2:12: action "block": want deny, warn or audit`},
		{"unknown mode", "action:\n  DKR-C01: {ci: deny, dev: warn}\n",
			`.dockpol.yaml:2:12: unknown mode "dev" (want ci, gate, audit)`},
		{"bad per-mode action", "action:\n  DKR-C01: {gate: allow}\n",
			`.dockpol.yaml:2:12: action "allow" for mode gate: want deny, warn or audit`},
		{"action list", "action:\n  DKR-C01: [deny]\n",
			".dockpol.yaml:2:12: action: want deny, warn, audit or a map of modes"},
		{"missing reason", "exceptions:\n  - rule: DKR-C01\n    reason: ok\n  - rule: DKR-C02\n    containers: [web]\n",
			".dockpol.yaml: line 4: exceptions[1]: reason is required (say why the finding is accepted)"},
		{"blank reason", "exceptions:\n  - rule: DKR-C01\n    reason: \"  \"\n",
			".dockpol.yaml: line 2: exceptions[0]: reason is required (say why the finding is accepted)"},
		{"missing rule", "exceptions:\n  - reason: because\n",
			".dockpol.yaml: line 2: exceptions[0]: rule is required"},
		{"bad expires", "exceptions:\n  - rule: DKR-C01\n    reason: r\n    expires: 31/03/2027\n",
			`.dockpol.yaml: line 2: exceptions[0]: expires "31/03/2027": want YYYY-MM-DD`},
		{"impossible date", "exceptions:\n  - rule: DKR-C01\n    reason: r\n    expires: 2027-02-30\n",
			`.dockpol.yaml: line 2: exceptions[0]: expires "2027-02-30": want YYYY-MM-DD`},
		{"bad severity", "severity: {DKR-C01: urgent}\n",
			`.dockpol.yaml: severity: DKR-C01: "urgent" is not critical, high, medium or low`},
		{"bad glob", "exceptions:\n  - rule: DKR-C01\n    reason: r\n    containers: [\"web[\"]\n",
			`.dockpol.yaml: line 2: exceptions[0]: bad glob "web["`},
		{"not a rule id", "disable: [\"DKR C01\"]\n",
			`.dockpol.yaml: disable: "DKR C01" is not a rule id`},
		{"wrong type", "policies: ./policy\n",
			".dockpol.yaml:1:11: cannot construct !!str `./policy` into []string"},
		{"invalid YAML", "disable: [DKR-C01\n",
			".dockpol.yaml:2:1: did not find expected ',' or ']'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := config.Parse(".dockpol.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q): no error, want %q", tt.src, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q):\n got  %q\n want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	t.Parallel()
	src := "severity: {DKR-C01: urgent}\nexceptions:\n  - rule: DKR-C02\n"
	_, err := config.Parse("c.yaml", []byte(src))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"urgent", "reason is required"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestKnownRules(t *testing.T) {
	t.Parallel()
	c, err := config.Parse("c.yaml", []byte(`disable: [DKR-C01, TYPO-1]
action: {DKR-C02: warn, TYPO-2: deny}
severity: {DKR-C03: low}
exceptions:
  - rule: TYPO-3
    reason: r
  - rule: TYPO-1
    reason: r
`))
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return strings.HasPrefix(id, "DKR-") }
	err = c.KnownRules(known)
	if err == nil {
		t.Fatal("KnownRules: no error for unknown ids")
	}
	if got, want := err.Error(), "c.yaml: unknown rule ids: TYPO-1, TYPO-2, TYPO-3"; got != want {
		t.Errorf("KnownRules:\n got  %q\n want %q", got, want)
	}
	if err := c.KnownRules(func(string) bool { return true }); err != nil {
		t.Errorf("KnownRules with every id known: %v", err)
	}
}

func TestExpired(t *testing.T) {
	t.Parallel()
	at := func(s string, loc *time.Location) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	east := time.FixedZone("UTC+10", 10*3600)
	e := config.Exception{Rule: "DKR-C01", Reason: "r", Expires: "2027-03-31"}
	tests := []struct {
		now  time.Time
		want bool
	}{
		{at("2027-03-30 12:00", time.UTC), false},
		{at("2027-03-31 00:00", time.UTC), false},
		{at("2027-03-31 23:59", time.UTC), false}, // applies through that day
		{at("2027-04-01 00:00", time.UTC), true},
		{at("2028-01-01 00:00", time.UTC), true},
		// the day is the day where the check runs
		{at("2027-04-01 08:00", east), true},
		{at("2027-03-31 23:00", east), false},
	}
	for _, tt := range tests {
		if got := e.Expired(tt.now); got != tt.want {
			t.Errorf("Expired(%s) = %v, want %v", tt.now, got, tt.want)
		}
	}
	if (config.Exception{Rule: "DKR-C01", Reason: "r"}).Expired(at("2999-01-01 00:00", time.UTC)) {
		t.Error("an exception without expires never expires")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindWalksUp(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ".dockpol.yaml"), "policies: [./policy]\ndisable: [DKR-C11]\n")
	nested := filepath.Join(root, "services", "api", "deploy")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := config.Find(nested)
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	if diff := cmp.Diff([]string{"DKR-C11"}, c.Disable); diff != "" {
		t.Errorf("Disable (-want +got):\n%s", diff)
	}
	// Relative policies resolve from the file's directory, not from
	// where dockpol runs.
	if got, want := filepath.Join(c.Dir, c.Policies[0]), filepath.Join(root, "policy"); got != want {
		t.Errorf("policy dir = %s, want %s", got, want)
	}
	if !strings.HasSuffix(filepath.ToSlash(c.Path), ".dockpol.yaml") {
		t.Errorf("Path = %q, want the file found", c.Path)
	}
}

func TestFindNearestWins(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ".dockpol.yaml"), "disable: [OUTER]\n")
	writeFile(t, filepath.Join(root, "sub", ".dockpol.yml"), "disable: [INNER]\n")
	nested := filepath.Join(root, "sub", "deeper")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := config.Find(nested)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"INNER"}, c.Disable); diff != "" {
		t.Errorf("nearest file not used (-want +got):\n%s", diff)
	}
}

func TestFindErrorsAndNone(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ".dockpol.yaml"), "disabel: [X]\n")
	if _, err := config.Find(filepath.Join(root)); err == nil || !strings.Contains(err.Error(), "field disabel not found") {
		t.Errorf("Find with an invalid file: got %v, want its error", err)
	}
	// A directory named like the file is not the file.
	empty := t.TempDir()
	if err := os.Mkdir(filepath.Join(empty, ".dockpol.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := config.Find(empty)
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	// No file up to the root (unless the machine has one above the
	// temporary directory): an empty configuration, not an error.
	if c.Path == "" && (len(c.Disable) != 0 || len(c.Exceptions) != 0 || c.Data == nil) {
		t.Errorf("no file: got %+v, want an empty configuration", c)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "trusted.yaml")
	writeFile(t, p, "exceptions:\n  - rule: DKR-C01\n    reason: r\n")
	c, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir != dir || c.Path != p || len(c.Exceptions) != 1 || c.Exceptions[0].Line != 2 {
		t.Errorf("Load = %+v", c)
	}
	if _, err := config.Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml: no such file or directory") {
		t.Errorf("missing file: got %v", err)
	}
	if _, err := config.Load(dir); err == nil || !strings.Contains(err.Error(), "is a directory, not a file") {
		t.Errorf("directory: got %v", err)
	}
}

// TestFindPathRelative: the path of a file found in a parent is relative
// to the working directory, as the compose files' paths are: reports
// carry no absolute path of the machine (waivers name it as their source).
func TestFindPathRelative(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ".dockpol.yaml"), "disable: [DKR-C11]\n")
	nested := filepath.Join(root, "services", "api")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{root: ".dockpol.yaml", nested: "../../.dockpol.yaml"} {
		t.Chdir(dir)
		c, err := config.Find(".")
		if err != nil {
			t.Fatal(err)
		}
		if c.Path != want {
			t.Errorf("from %s: Path = %q, want %q", dir, c.Path, want)
		}
	}
}
