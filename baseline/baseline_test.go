package baseline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/baseline"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/policies"
)

func newEngine(t *testing.T) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(),
		engine.WithSource(engine.Source{Name: "builtin", FS: policies.FS, Roots: policies.Roots(), Builtin: true}))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// check loads a compose file written to dir and evaluates it with the
// shipped rules.
func check(t *testing.T, e *engine.Engine, dir, content string) []engine.Finding {
	t.Helper()
	p := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := compose.Load(context.Background(), []compose.File{{Path: p}}, compose.Options{WorkDir: dir})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	fs, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func counting(fs []engine.Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Counts() {
			out = append(out, f.Container+"/"+f.ID)
		}
	}
	return out
}

const before = `services:
  web:
    image: example/web:1.2.3
    user: "1000"
    mem_limit: 64m
    privileged: true
  db:
    image: postgres:16.4
    user: "999"
    mem_limit: 256m
`

// after moves every line (a comment and a new key above), reorders the
// services and adds one new deny (db turns privileged).
const after = `# the same project, edited
services:
  db:
    image: postgres:16.4
    user: "999"
    mem_limit: 256m
    privileged: true
  web:
    image: example/web:1.2.3
    environment:
      MODE: prod
    user: "1000"
    mem_limit: 64m
    privileged: true
`

func TestBaselineRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	dir := t.TempDir()
	first := check(t, e, dir, before)
	if len(counting(first)) == 0 {
		t.Fatal("the starting file has no findings: nothing to baseline")
	}

	var buf bytes.Buffer
	if err := baseline.FromFindings(first).Write(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := baseline.Read(path)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if diff := cmp.Diff(baseline.FromFindings(first), b); diff != "" {
		t.Errorf("Write then Read (-want +got):\n%s", diff)
	}

	// The same file again: everything is in the baseline.
	again := check(t, e, dir, before)
	b.Apply(again)
	if got := counting(again); len(got) != 0 {
		t.Errorf("unchanged file: still counting %v", got)
	}

	// Lines moved and services reordered: the old findings still match;
	// only the new one counts.
	edited := check(t, e, dir, after)
	b.Apply(edited)
	if diff := cmp.Diff([]string{"db/DKR-C01"}, counting(edited)); diff != "" {
		t.Errorf("after the edit, counting (-want +got):\n%s", diff)
	}
	for _, f := range edited {
		if f.ID == "DKR-C01" && f.Container == "web" && (!f.Baselined || f.Line == firstLine(first, "web", "DKR-C01")) {
			t.Errorf("web's DKR-C01 moved from line %d to %d: want it baselined at its new line, got %+v",
				firstLine(first, "web", "DKR-C01"), f.Line, f)
		}
	}
}

func firstLine(fs []engine.Finding, container, id string) int {
	for _, f := range fs {
		if f.Container == container && f.ID == id {
			return f.Line
		}
	}
	return -1
}

func TestFromFindings(t *testing.T) {
	t.Parallel()
	fs := []engine.Finding{
		{ID: "DKR-C01", File: "b.yaml", Container: "web", Path: "containers[0].privileged", Fingerprint: "f1"},
		{ID: "DKR-C01", File: "b.yaml", Container: "web", Path: "containers[0].privileged", Fingerprint: "f1"}, // twice: once
		{ID: "DKR-C02", File: "a.yaml", Container: "db", Fingerprint: "f2"},
		{ID: "DKR-C03", File: "a.yaml", Fingerprint: "f3", Waiver: &engine.Waiver{Reason: "accepted"}},         // waived: not baselined
		{ID: "DKR-C04", File: "a.yaml", Fingerprint: "f4", Waiver: &engine.Waiver{Reason: "x", Expired: true}}, // counts again
	}
	want := &baseline.File{Version: baseline.Version, Findings: []baseline.Entry{
		{Fingerprint: "f2", ID: "DKR-C02", File: "a.yaml", Container: "db"},
		{Fingerprint: "f4", ID: "DKR-C04", File: "a.yaml"},
		{Fingerprint: "f1", ID: "DKR-C01", File: "b.yaml", Container: "web", Path: "containers[0].privileged"},
	}}
	if diff := cmp.Diff(want, baseline.FromFindings(fs)); diff != "" {
		t.Errorf("FromFindings (-want +got):\n%s", diff)
	}
	// No findings: an empty list, not null.
	var buf bytes.Buffer
	if err := baseline.FromFindings(nil).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("empty baseline = %s, want an empty list", buf.String())
	}
}

func TestApplyMarksOnlyKnown(t *testing.T) {
	t.Parallel()
	b := &baseline.File{Version: baseline.Version, Findings: []baseline.Entry{{Fingerprint: "old", ID: "DKR-C01"}}}
	fs := []engine.Finding{{ID: "DKR-C01", Fingerprint: "old"}, {ID: "DKR-C01", Fingerprint: "new"}}
	b.Apply(fs)
	if !fs[0].Baselined || fs[1].Baselined {
		t.Errorf("Apply: baselined = %v, %v; want true, false", fs[0].Baselined, fs[1].Baselined)
	}
	if fs[0].Counts() || !fs[1].Counts() {
		t.Error("a baselined finding must not count; a new one must")
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, want string
	}{
		{"version mismatch", write("v2.json", `{"version": 2, "findings": []}`), "baseline version 2, want 1"},
		{"no version", write("v0.json", `{"findings": []}`), "baseline version 0, want 1"},
		{"not JSON", write("junk.json", "findings:\n"), "not a dockpol baseline"},
		{"missing", filepath.Join(dir, "missing.json"), "no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := baseline.Read(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read: got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
