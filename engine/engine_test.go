package engine_test

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/policies"
)

var builtin = engine.Source{Name: "builtin", FS: policies.FS}

func newEngine(t testing.TB, opts ...engine.Option) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), append([]engine.Option{engine.WithSource(builtin)}, opts...)...)
	if err != nil {
		t.Fatalf("engine.New: %v", err)
	}
	return e
}

// TestShippedPolicyTests runs every _test.rego of the shipped bundle with
// OPA's tester: all pass, and there are tests.
func TestShippedPolicyTests(t *testing.T) {
	// The race detector makes Rego evaluation several times slower; the
	// default 5 s per test is for uninstrumented runs (opa test).
	results, _, err := engine.VerifyWith(context.Background(), []engine.Source{builtin}, engine.VerifyOptions{Timeout: 2 * time.Minute})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests ran")
	}
	for _, r := range results {
		if !r.Pass && !r.Skip {
			t.Errorf("%s.%s (%s:%d) failed: %s %s", r.Package, r.Name, r.File, r.Line, r.Error, r.Output)
		}
	}
	t.Logf("%d Rego tests", len(results))
}

// TestVerifyNoTestsIsError: a test run that finds nothing must not pass.
func TestVerifyNoTestsIsError(t *testing.T) {
	src := engine.Source{Name: "team", FS: fstest.MapFS{
		"p.rego": {Data: []byte("package team\n\ndeny contains \"x\" if input.x\n")},
	}}
	if _, err := engine.Verify(context.Background(), []engine.Source{src}, nil); !errors.Is(err, engine.ErrNoTests) {
		t.Fatalf("Verify without tests: got %v, want ErrNoTests", err)
	}
}

var idPattern = regexp.MustCompile(`^DKR-[ACINDWF][0-9]{2}$`)

// TestShippedRuleMetadata checks every shipped rule's METADATA: unique id
// matching its file name, valid severity, action and per-mode actions,
// kinds, a title, remediation and references, and a test file beside it
// that asserts the id.
func TestShippedRuleMetadata(t *testing.T) {
	e := newEngine(t)
	rules := e.Rules()
	if len(rules) == 0 {
		t.Fatal("no rules with METADATA custom.id")
	}
	validKinds := map[string]bool{"compose": true, "container": true, "image": true, "daemon": true, "dockerfile": true, "request": true}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			if !idPattern.MatchString(r.ID) {
				t.Errorf("id %q does not look like DKR-X00", r.ID)
			}
			if !engine.ValidSeverity(r.Severity) {
				t.Errorf("severity %q is not critical|high|medium|low", r.Severity)
			}
			if r.Action != engine.ActionDeny && r.Action != engine.ActionWarn {
				t.Errorf("action %q is not deny|warn", r.Action)
			}
			if r.Action != r.Entrypoint {
				t.Errorf("default action %q but the rule is a %q rule", r.Action, r.Entrypoint)
			}
			for mode, a := range r.Actions {
				if mode != engine.ModeCI && mode != engine.ModeGate && mode != engine.ModeAudit {
					t.Errorf("actions: unknown mode %q", mode)
				}
				if a != engine.ActionDeny && a != engine.ActionWarn {
					t.Errorf("actions.%s: %q is not deny|warn", mode, a)
				}
			}
			if len(r.Kinds) == 0 {
				t.Error("custom.kinds is empty")
			}
			for _, k := range r.Kinds {
				if !validKinds[k] {
					t.Errorf("kinds: unknown kind %q", k)
				}
			}
			if r.Title == "" || r.Description == "" || r.Remediation == "" {
				t.Error("title, description and remediation are required")
			}
			if len(r.RelatedResources) == 0 {
				t.Error("related_resources is empty")
			}
			file := strings.TrimPrefix(r.File, "builtin/")
			base := path.Base(file)
			wantPrefix := strings.ToLower(strings.ReplaceAll(r.ID, "-", "_")) + "_"
			if !strings.HasPrefix(base, wantPrefix) {
				t.Errorf("rule file %s should be named %s*.rego", file, wantPrefix)
			}
			testFile := strings.TrimSuffix(file, ".rego") + "_test.rego"
			data, err := fs.ReadFile(policies.FS, testFile)
			if err != nil {
				t.Fatalf("no test beside the rule: %v", err)
			}
			if !strings.Contains(string(data), `"`+r.ID+`"`) {
				t.Errorf("%s never asserts a finding with id %q", testFile, r.ID)
			}
		})
	}
}

// TestShippedBundleRestrictedCapabilities compiles the shipped rules with
// the network, clock and randomness builtins removed: shipped checks are
// deterministic and offline.
func TestShippedBundleRestrictedCapabilities(t *testing.T) {
	forbidden := map[string]bool{
		"http.send": true, "net.lookup_ip_addr": true, "opa.runtime": true,
		"time.now_ns": true, "rand.intn": true, "uuid.rfc4122": true, "uuid.parse": false,
		"trace": true, "io.jwt.decode_verify": true,
	}
	caps := ast.CapabilitiesForThisVersion()
	var kept []*ast.Builtin
	for _, b := range caps.Builtins {
		if !forbidden[b.Name] {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	if _, err := engine.New(context.Background(), engine.WithSource(builtin), engine.WithCapabilities(caps)); err != nil {
		t.Fatalf("shipped bundle uses a forbidden builtin: %v", err)
	}
}

func composeDoc(containers ...map[string]any) *inputs.Document {
	list := make([]any, 0, len(containers))
	prov := inputs.Provenance{}
	for i, c := range containers {
		list = append(list, c)
		prov[inputs.JoinPath("containers", i)] = inputs.Position{File: "compose.yaml", Line: 10 * (i + 1)}
		prov[inputs.JoinPath("containers", i, "privileged")] = inputs.Position{File: "compose.yaml", Line: 10*(i+1) + 3, Col: 5}
	}
	return &inputs.Document{
		Path: "compose.yaml",
		Value: map[string]any{
			"schema": inputs.Schema, "kind": inputs.KindCompose,
			"source":     map[string]any{"path": "compose.yaml", "adapter": "compose", "files": []any{"compose.yaml"}},
			"containers": list,
		},
		Provenance: prov,
	}
}

func TestEvaluateJoinsMetadataAndPosition(t *testing.T) {
	e := newEngine(t)
	doc := composeDoc(map[string]any{"name": "web", "privileged": true})
	fs, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	var got *engine.Finding
	for i := range fs {
		if fs[i].ID == "DKR-C01" {
			got = &fs[i]
		}
	}
	if got == nil {
		t.Fatalf("no DKR-C01 finding in %+v", fs)
	}
	want := engine.Finding{ID: "DKR-C01", Action: "deny", Severity: "critical", Container: "web",
		File: "compose.yaml", Line: 13, Col: 5, Kind: "compose", Path: "containers[0].privileged", Package: "dockpol.container",
		Input: "compose.yaml"}
	if diff := cmp.Diff(want, *got, cmpIgnoreText); diff != "" {
		t.Errorf("finding (-want +got):\n%s", diff)
	}
	if got.Title == "" || !strings.Contains(got.Message, `"web"`) {
		t.Errorf("title %q / message %q: want a title and the container named", got.Title, got.Message)
	}
}

var cmpIgnoreText = cmp.FilterPath(func(p cmp.Path) bool {
	switch p.Last().String() {
	case ".Title", ".Message", ".Remediation", ".RelatedResources", ".Fingerprint", ".Image", ".ContainerIndex":
		return true
	}
	return false
}, cmp.Ignore())

// team compiles the shipped bundle plus a team policy.
func team(t *testing.T, src string, opts ...engine.Option) (*engine.Engine, error) {
	t.Helper()
	teamSrc := engine.Source{Name: "team", FS: fstest.MapFS{"team.rego": {Data: []byte(src)}}}
	return engine.New(context.Background(), append([]engine.Option{engine.WithSource(builtin), engine.WithSource(teamSrc)}, opts...)...)
}

func TestTeamPolicies(t *testing.T) {
	doc := composeDoc(map[string]any{"name": "web", "image": map[string]any{"ref": "nginx"}})
	tests := []struct {
		name    string
		src     string
		wantErr error
		wantIDs []string // team findings expected
	}{
		{
			name: "document rule sees the whole document",
			src: `package team
deny contains msg if { count(input.containers) > 0; msg := "has containers" }`,
			wantIDs: []string{"team.deny"},
		},
		{
			name: "container rule by package METADATA",
			src: `# METADATA
# custom:
#   input: container
package team
warn contains {"id": "TEAM-1", "msg": sprintf("%s checked", [input.container.name])} if input.container.name == "web"`,
			wantIDs: []string{"TEAM-1"},
		},
		{
			name: "kinds limit where a rule applies",
			src: `# METADATA
# custom:
#   input: container
package team
# METADATA
# title: only for live containers
# custom:
#   id: TEAM-2
#   severity: low
#   action: warn
#   kinds: [container]
warn contains {"id": rego.metadata.rule().custom.id, "msg": "x"} if input.container.name == "web"`,
			wantIDs: nil,
		},
		{
			name:    "a result that is not a finding is an error",
			src:     "package team\ndeny contains 42 if true\n",
			wantErr: engine.ErrBadResult,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := team(t, tt.src)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			fs, err := e.Evaluate(context.Background(), doc)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				if f.Package == "team" {
					got = append(got, f.ID)
				}
			}
			if diff := cmp.Diff(tt.wantIDs, got); diff != "" {
				t.Errorf("team findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := engine.New(context.Background()); !errors.Is(err, engine.ErrNoPolicies) {
		t.Errorf("no sources: got %v, want ErrNoPolicies", err)
	}
	if _, err := team(t, "package team\ndeny contains x if { x := input.y[_]; undefined_fn(x) }\n"); err == nil {
		t.Error("a module that does not compile: want an error")
	}
	dup := `package team
# METADATA
# title: duplicate
# custom:
#   id: DKR-C01
deny contains "x" if false`
	if _, err := team(t, dup); err == nil || !strings.Contains(err.Error(), "DKR-C01") {
		t.Errorf("duplicate rule id: got %v, want an error naming DKR-C01", err)
	}
}

func TestConfigDataReachesRules(t *testing.T) {
	src := `# METADATA
# custom:
#   input: container
package team
deny contains {"id": "TEAM-DATA", "msg": "blocked"} if input.container.name in data.dockpol.config.blocked_names`
	e, err := team(t, src, engine.WithConfigData(map[string]any{"blocked_names": []any{"web"}}))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Evaluate(context.Background(), composeDoc(map[string]any{"name": "web"}))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fs {
		found = found || f.ID == "TEAM-DATA"
	}
	if !found {
		t.Error("rule reading data.dockpol.config did not fire")
	}
}

func TestModeSelectsAction(t *testing.T) {
	src := `# METADATA
# custom:
#   input: container
package team
# METADATA
# title: mode test
# custom:
#   id: TEAM-MODE
#   severity: low
#   action: deny
#   actions: {gate: warn}
deny contains {"id": rego.metadata.rule().custom.id, "msg": "x"} if input.container.name == "web"`
	for mode, want := range map[string]string{engine.ModeCI: "deny", engine.ModeGate: "warn"} {
		e, err := team(t, src, engine.WithMode(mode))
		if err != nil {
			t.Fatal(err)
		}
		fs, err := e.Evaluate(context.Background(), composeDoc(map[string]any{"name": "web"}))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.ID == "TEAM-MODE" && f.Action != want {
				t.Errorf("mode %s: action %s, want %s", mode, f.Action, want)
			}
		}
	}
}

// TestEvaluateConcurrent shares one engine across goroutines (run with
// -race): every evaluation gives the same findings.
func TestEvaluateConcurrent(t *testing.T) {
	e := newEngine(t)
	doc := composeDoc(
		map[string]any{"name": "web", "privileged": true, "cap_add": []any{"SYS_ADMIN"}},
		map[string]any{"name": "db", "user": "999"},
	)
	want, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got, err := e.Evaluate(context.Background(), doc)
				if err != nil {
					t.Error(err)
					return
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("concurrent evaluation differs:\n%s", diff)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEvaluateCancelled(t *testing.T) {
	e := newEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Evaluate(ctx, composeDoc(map[string]any{"name": "web"})); err == nil {
		t.Error("cancelled context: want an error, not an empty pass")
	}
}

func TestOverrides(t *testing.T) {
	doc := composeDoc(
		map[string]any{"name": "monitoring-agent", "privileged": true, "image": map[string]any{"ref": "prom/node-exporter:v1"},
			"waivers": []any{map[string]any{"rule": "DKR-C01", "reason": "needs /dev/kmsg"}}},
		map[string]any{"name": "web", "privileged": true},
	)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		mode string
		o    engine.Overrides
		// want maps container -> "action/severity/waived" of its DKR-C01 finding ("" = none)
		want map[string]string
	}{
		{name: "none", o: engine.Overrides{}, want: map[string]string{"monitoring-agent": "deny/critical/counts", "web": "deny/critical/counts"}},
		{name: "disable", o: engine.Overrides{Disable: []string{"DKR-C01"}}, want: map[string]string{"monitoring-agent": "", "web": ""}},
		{name: "action and severity", o: engine.Overrides{
			Action:   map[string]map[string]string{"DKR-C01": {"": "warn"}},
			Severity: map[string]string{"DKR-C01": "low"},
		}, want: map[string]string{"monitoring-agent": "warn/low/counts", "web": "warn/low/counts"}},
		{name: "per-mode action not for this mode", o: engine.Overrides{
			Action: map[string]map[string]string{"DKR-C01": {"gate": "warn"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/counts", "web": "deny/critical/counts"}},
		{name: "exception by container glob", o: engine.Overrides{
			Exceptions: []engine.Exception{{Rule: "DKR-C01", Containers: []string{"monitoring-*"}, Reason: "agent", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/waived", "web": "deny/critical/counts"}},
		{name: "exception by file glob", o: engine.Overrides{
			Exceptions: []engine.Exception{{Rule: "DKR-C0*", Files: []string{"**/compose.yaml"}, Reason: "all", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/waived", "web": "deny/critical/waived"}},
		{name: "exception by other file", o: engine.Overrides{
			Exceptions: []engine.Exception{{Rule: "DKR-C01", Files: []string{"deploy/**"}, Reason: "x", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/counts", "web": "deny/critical/counts"}},
		{name: "exception by image", o: engine.Overrides{
			Exceptions: []engine.Exception{{Rule: "DKR-C01", Images: []string{"prom/node-exporter:*"}, Reason: "x", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/waived", "web": "deny/critical/counts"}},
		{name: "expired exception counts again", o: engine.Overrides{Now: day("2027-04-01"),
			Exceptions: []engine.Exception{{Rule: "DKR-C01", Containers: []string{"monitoring-*"}, Reason: "agent", Expires: "2027-03-31", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/expired", "web": "deny/critical/counts"}},
		{name: "exception on its last day", o: engine.Overrides{Now: day("2027-03-31"),
			Exceptions: []engine.Exception{{Rule: "DKR-C01", Containers: []string{"monitoring-*"}, Reason: "agent", Expires: "2027-03-31", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/waived", "web": "deny/critical/counts"}},
		{name: "inline waiver", o: engine.Overrides{InlineWaivers: true},
			want: map[string]string{"monitoring-agent": "deny/critical/waived", "web": "deny/critical/counts"}},
		{name: "inline waiver never at the gate", mode: engine.ModeGate, o: engine.Overrides{InlineWaivers: true},
			want: map[string]string{"monitoring-agent": "deny/critical/counts", "web": "deny/critical/counts"}},
		{name: "name-based exception never at the gate", mode: engine.ModeGate, o: engine.Overrides{
			Exceptions: []engine.Exception{{Rule: "DKR-C01", Containers: []string{"monitoring-*"}, Reason: "agent", Source: "x:1"}},
		}, want: map[string]string{"monitoring-agent": "deny/critical/counts", "web": "deny/critical/counts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mode := tt.mode
			if mode == "" {
				mode = engine.ModeCI
			}
			e := newEngine(t, engine.WithOverrides(tt.o), engine.WithMode(mode))
			fs, err := e.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{"monitoring-agent": "", "web": ""}
			for _, f := range fs {
				if f.ID != "DKR-C01" {
					continue
				}
				state := "counts"
				switch {
				case f.Waiver != nil && f.Waiver.Expired:
					state = "expired"
				case f.Waiver != nil:
					state = "waived"
				}
				got[f.Container] = f.Action + "/" + f.Severity + "/" + state
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestEveryRuleFileHasTest covers the rule bodies TestShippedRuleMetadata
// does not list: those with custom.part_of, which apply a rule to another
// input kind from another package.
func TestEveryRuleFileHasTest(t *testing.T) {
	n := 0
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		data, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		m := regexp.MustCompile(`(?m)^#\s+id:\s+(DKR-\S+)`).FindSubmatch(data)
		if m == nil {
			return nil
		}
		n++
		test, err := fs.ReadFile(policies.FS, strings.TrimSuffix(p, ".rego")+"_test.rego")
		if err != nil {
			t.Errorf("%s: no test beside the rule: %v", p, err)
			return nil
		}
		if !strings.Contains(string(test), string(m[1])) {
			t.Errorf("%s: its test never names %s", p, m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("found %d rule files; the walk is broken", n)
	}
}
