package engine_test

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/policies"
)

// shipped is the shipped bundle as dockpol check loads it: its roots
// reserved.
var shipped = engine.Source{Name: "builtin", FS: policies.FS, Roots: policies.Roots(), Builtin: true}

// teamSource is a policy directory of Rego files.
func teamSource(files map[string]string) engine.Source {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return engine.Source{Name: "policy", FS: fsys}
}

// rawDoc is a document whose files conftest-style packages see as raw:
// one RawFile per YAML document of compose.yaml.
func rawDoc(raws ...any) *inputs.Document {
	doc := &inputs.Document{
		Path:       "compose.yaml",
		Value:      map[string]any{"schema": inputs.Schema, "kind": inputs.KindCompose, "containers": []any{}},
		Provenance: inputs.Provenance{},
	}
	for _, r := range raws {
		doc.Raw = append(doc.Raw, inputs.RawFile{Path: "compose.yaml", Value: r})
	}
	return doc
}

func services(svcs map[string]any) map[string]any {
	return map[string]any{"version": "3.8", "services": svcs}
}

func evaluate(t *testing.T, e *engine.Engine, doc *inputs.Document) []engine.Finding {
	t.Helper()
	fs, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	return fs
}

// summary is "id action message" per finding, plus " (waived)".
func summary(fs []engine.Finding) []string {
	var out []string
	for _, f := range fs {
		s := f.ID + " " + f.Action + " " + f.Message
		if f.Waiver != nil && !f.Waiver.Expired {
			s += " (waived)"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func conftestEngine(t *testing.T, o engine.ConftestOptions, files map[string]string, opts ...engine.Option) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), append([]engine.Option{
		engine.WithSource(teamSource(files)), engine.WithConftest(o),
	}, opts...)...)
	if err != nil {
		t.Fatalf("engine.New: %v", err)
	}
	return e
}

const twoDenies = `package main

deny contains msg if {
	endswith(input.services[_].image, ":latest")
	msg := "No images tagged latest"
}

deny contains msg if {
	to_number(input.version) < 3.5
	msg := "Must be using at least version 3.5 of the Compose file format"
}
`

var hashedID = regexp.MustCompile(`^main\.deny#[0-9a-f]{6}$`)

func TestConftestResults(t *testing.T) {
	t.Parallel()
	files := map[string]string{"p.rego": `package main

deny contains msg if {
	some name
	input.services[name].privileged
	msg := sprintf("%s is privileged", [name])
}

violation contains {"msg": msg, "details": {"service": name}} if {
	some name
	input.services[name]
	not input.services[name].image
	msg := sprintf("%s has no image", [name])
}

warn_ports contains msg if {
	some name
	contains(input.services[name].ports[_], ":")
	msg := sprintf("%s publishes a port", [name])
}

deny_env contains {"msg": "plain env"} if input.services[_].environment
`}
	e := conftestEngine(t, engine.ConftestOptions{}, files)
	doc := rawDoc(services(map[string]any{
		"web":    map[string]any{"image": "nginx", "ports": []any{"80:80"}, "privileged": true},
		"worker": map[string]any{"build": ".", "environment": []any{"A=1"}},
	}))
	fs := evaluate(t, e, doc)
	want := []string{
		"main.deny deny web is privileged",
		"main.deny_env deny plain env",
		"main.violation deny worker has no image",
		"main.warn_ports warn web publishes a port",
	}
	if diff := cmp.Diff(want, summary(fs)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, f := range fs {
		if f.Kind != "conftest" || f.File != "compose.yaml" || f.Package != "main" || f.Severity != "medium" || f.ContainerIndex != -1 {
			t.Errorf("finding %s: kind %q file %q package %q severity %q index %d", f.ID, f.Kind, f.File, f.Package, f.Severity, f.ContainerIndex)
		}
	}
}

// TestConftestResultNotAMessage: a result that is neither a string nor
// an object is an error, as for dockpol rules.
func TestConftestResultNotAMessage(t *testing.T) {
	t.Parallel()
	e := conftestEngine(t, engine.ConftestOptions{}, map[string]string{"p.rego": "package main\n\ndeny contains 42 if input.services\n"})
	_, err := e.Evaluate(context.Background(), rawDoc(services(map[string]any{})))
	if !errors.Is(err, engine.ErrBadResult) {
		t.Errorf("Evaluate = %v, want ErrBadResult", err)
	}
}

func TestConftestRuleIDs(t *testing.T) {
	t.Parallel()
	doc := rawDoc(map[string]any{"version": "3.4", "services": map[string]any{"redis": map[string]any{"image": "redis:latest"}}})
	ids := func(t *testing.T, src string) map[string]string {
		t.Helper()
		e := conftestEngine(t, engine.ConftestOptions{}, map[string]string{"compose.rego": src})
		got := map[string]string{}
		for _, f := range evaluate(t, e, doc) {
			got[f.Message] = f.ID
		}
		return got
	}
	first := ids(t, twoDenies)
	if len(first) != 2 {
		t.Fatalf("want two findings, got %v", first)
	}
	latest, version := first["No images tagged latest"], first["Must be using at least version 3.5 of the Compose file format"]
	if !hashedID.MatchString(latest) || !hashedID.MatchString(version) || latest == version {
		t.Fatalf("ids %q and %q: want two distinct main.deny#<hash>", latest, version)
	}

	// Lines moved, a comment and another rule (with a wildcard of its own)
	// added above: the ids stay.
	moved := strings.Replace(twoDenies, "package main\n", `package main

# Rules from the platform team.

warn contains "old file format" if {
	input.services[_].links
}

`, 1)
	if diff := cmp.Diff(first, ids(t, moved)); diff != "" {
		t.Errorf("ids after a line move (-want +got):\n%s", diff)
	}

	// One deny rule alone keeps the plain name.
	single := "package main\n\ndeny contains \"latest\" if endswith(input.services[_].image, \":latest\")\n"
	if diff := cmp.Diff(map[string]string{"latest": "main.deny"}, ids(t, single)); diff != "" {
		t.Errorf("single deny (-want +got):\n%s", diff)
	}

	// METADATA gives the id, severity and title.
	withMeta := `package main

# METADATA
# title: No latest tags
# custom:
#   id: ACME-7
#   severity: high
deny contains "latest" if endswith(input.services[_].image, ":latest")

deny contains "old" if to_number(input.version) < 3.5
`
	e := conftestEngine(t, engine.ConftestOptions{}, map[string]string{"compose.rego": withMeta})
	var got []string
	for _, f := range evaluate(t, e, doc) {
		got = append(got, f.ID+"/"+f.Severity+"/"+f.Title)
	}
	sort.Strings(got)
	if len(got) != 2 || got[0] != "ACME-7/high/No latest tags" || !hashedID.MatchString(strings.Split(got[1], "/")[0]) {
		t.Errorf("with METADATA: %v", got)
	}
}

func TestConftestFingerprints(t *testing.T) {
	t.Parallel()
	src := "package main\n\ndeny contains sprintf(\"%s uses latest\", [name]) if {\n\tsome name\n\tendswith(input.services[name].image, \":latest\")\n}\n"
	e := conftestEngine(t, engine.ConftestOptions{}, map[string]string{"p.rego": src})
	fs := evaluate(t, e, rawDoc(services(map[string]any{
		"a": map[string]any{"image": "a:latest"},
		"b": map[string]any{"image": "b:latest"},
	})))
	if len(fs) != 2 {
		t.Fatalf("want 2 findings, got %v", summary(fs))
	}
	// Same rule, same file, no container and no path: the message tells
	// them apart, so a baseline holding a's finding does not hide b's.
	if fs[0].Fingerprint == "" || fs[0].Fingerprint == fs[1].Fingerprint {
		t.Errorf("fingerprints %q and %q: want two distinct", fs[0].Fingerprint, fs[1].Fingerprint)
	}
}

func TestConftestExceptions(t *testing.T) {
	t.Parallel()
	files := map[string]string{"p.rego": `package main

deny_privileged contains msg if {
	some name
	input.services[name].privileged == true
	msg := sprintf("%s is privileged", [name])
}

deny_latest contains msg if {
	some name
	endswith(input.services[name].image, ":latest")
	msg := sprintf("%s uses latest", [name])
}

warn contains "plain warn" if input.services

exception contains rules if {
	input.services["node-exporter"]
	rules := ["privileged"]
}

exception contains rules if {
	input.services.legacy
	rules := [""]
}
`}
	exporter := rawDoc(services(map[string]any{"node-exporter": map[string]any{"image": "prom/node-exporter:latest", "privileged": true}}))
	web := rawDoc(services(map[string]any{"web": map[string]any{"image": "nginx:latest", "privileged": true}}))
	legacy := rawDoc(services(map[string]any{"legacy": map[string]any{"image": "x:1"}}))
	tests := []struct {
		name string
		opts []engine.Option
		doc  *inputs.Document
		want []string
	}{
		{"exception waives deny_privileged only", nil, exporter, []string{
			"main.deny_latest deny node-exporter uses latest",
			"main.deny_privileged deny node-exporter is privileged (waived)",
			"main.warn warn plain warn",
		}},
		{"exception does not apply", nil, web, []string{
			"main.deny_latest deny web uses latest",
			"main.deny_privileged deny web is privileged",
			"main.warn warn plain warn",
		}},
		// conftest: a plain deny/warn/violation rule is waived by ""
		{"empty name waives the plain rules", nil, legacy, []string{"main.warn warn plain warn (waived)"}},
		// dockpol check always passes overrides: they must keep the
		// waiver the exception rule gave.
		{"with configuration overrides", []engine.Option{engine.WithOverrides(engine.Overrides{
			Severity: map[string]string{"main.deny_latest": "high"},
		})}, exporter, []string{
			"main.deny_latest deny node-exporter uses latest",
			"main.deny_privileged deny node-exporter is privileged (waived)",
			"main.warn warn plain warn",
		}},
		{"an expired configuration exception does not undo it", []engine.Option{engine.WithOverrides(engine.Overrides{
			Exceptions: []engine.Exception{{Rule: "main.deny_privileged", Reason: "old", Expires: "2001-01-01", Source: "c:1"}},
		})}, exporter, []string{
			"main.deny_latest deny node-exporter uses latest",
			"main.deny_privileged deny node-exporter is privileged (waived)",
			"main.warn warn plain warn",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := conftestEngine(t, engine.ConftestOptions{}, files, tt.opts...)
			fs := evaluate(t, e, tt.doc)
			if diff := cmp.Diff(tt.want, summary(fs)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, f := range fs {
				if f.Waiver != nil && !f.Waiver.Expired && f.Counts() {
					t.Errorf("%s: waived but counts", f.ID)
				}
			}
		})
	}
}

func TestConftestOverrides(t *testing.T) {
	t.Parallel()
	files := map[string]string{"p.rego": twoDenies + "\nwarn_restart contains \"no restart\" if not input.services.redis.restart\n"}
	doc := rawDoc(map[string]any{"version": "3.4", "services": map[string]any{"redis": map[string]any{"image": "redis:latest"}}})
	e := conftestEngine(t, engine.ConftestOptions{}, files)
	var versionID string
	for _, f := range evaluate(t, e, doc) {
		if strings.HasPrefix(f.Message, "Must be") {
			versionID = f.ID
		}
	}
	e = conftestEngine(t, engine.ConftestOptions{}, files, engine.WithOverrides(engine.Overrides{
		Disable:  []string{versionID},
		Action:   map[string]map[string]string{"main.warn_restart": {"": "deny"}},
		Severity: map[string]string{"main.warn_restart": "low"},
		Exceptions: []engine.Exception{
			{Rule: "main.deny#*", Files: []string{"**/*.yaml"}, Reason: "migrating", Source: "c:3"},
		},
	}))
	var got []string
	for _, f := range evaluate(t, e, doc) {
		got = append(got, f.ID+" "+f.Action+"/"+f.Severity+" waived="+map[bool]string{true: "yes", false: "no"}[f.Waiver != nil])
	}
	sort.Strings(got)
	want := []string{first(t, e, doc, "No images") + " deny/medium waived=yes", "main.warn_restart deny/low waived=no"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func first(t *testing.T, e *engine.Engine, doc *inputs.Document, prefix string) string {
	t.Helper()
	for _, f := range evaluate(t, e, doc) {
		if strings.HasPrefix(f.Message, prefix) {
			return f.ID
		}
	}
	t.Fatalf("no finding %q", prefix)
	return ""
}

func TestConftestNamespaces(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.rego":     "package main\n\ndeny contains \"main\" if input.services\n",
		"compose.rego":  "package compose.services\n\ndeny contains \"compose.services\" if input.services\n",
		"composex.rego": "package composex\n\ndeny contains \"composex\" if input.services\n",
		"nested.rego":   "package compose.a.b\n\nwarn contains \"compose.a.b\" if input.services\n",
		"other.rego":    "package team.other\n\ndeny contains \"team.other\" if input.services\n",
	}
	doc := rawDoc(services(map[string]any{"web": map[string]any{"image": "nginx"}}))
	tests := []struct {
		name string
		o    engine.ConftestOptions
		want []string // messages of conftest findings
	}{
		{"default main", engine.ConftestOptions{}, []string{"main"}},
		// path.Match globs: * does not stop at a dot
		{"glob", engine.ConftestOptions{Namespaces: []string{"compose.*"}, Explicit: true}, []string{"compose.a.b", "compose.services"}},
		{"exact", engine.ConftestOptions{Namespaces: []string{"compose.services"}, Explicit: true}, []string{"compose.services"}},
		{"two globs", engine.ConftestOptions{Namespaces: []string{"compose.*.*", "main"}, Explicit: true}, []string{"compose.a.b", "main"}},
		{"all namespaces", engine.ConftestOptions{AllNamespaces: true}, []string{"compose.a.b", "compose.services", "composex", "main", "team.other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := conftestEngine(t, tt.o, files)
			var got []string
			for _, f := range evaluate(t, e, doc) {
				if f.Kind == "conftest" {
					got = append(got, f.Message)
				}
			}
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConftestNamespaceWithoutRules(t *testing.T) {
	t.Parallel()
	files := map[string]string{"p.rego": "package main\n\ndeny contains \"x\" if input.services\n"}
	for _, o := range []engine.ConftestOptions{
		{Namespaces: []string{"nothere"}, Explicit: true},
		{Namespaces: []string{"mian"}, Explicit: true},
	} {
		_, err := engine.New(context.Background(), engine.WithSource(teamSource(files)), engine.WithConftest(o))
		if !errors.Is(err, engine.ErrMissingEntrypoint) {
			t.Errorf("namespace %v: got %v, want ErrMissingEntrypoint", o.Namespaces, err)
		}
	}
	// The default namespace matching nothing is not an error: the team
	// may have no conftest policies at all.
	teamOnly := map[string]string{"p.rego": "package team\n\ndeny contains \"x\" if false\n"}
	if _, err := engine.New(context.Background(), engine.WithSource(teamSource(teamOnly)), engine.WithConftest(engine.ConftestOptions{})); err != nil {
		t.Errorf("default namespace without rules: %v", err)
	}
}

// TestConftestNeverShipped: with --all-namespaces the shipped packages
// keep the normalised input and are never queried conftest-style; a team
// package that declares a dockpol input is not conftest either.
func TestConftestNeverShipped(t *testing.T) {
	t.Parallel()
	team := teamSource(map[string]string{
		"ct.rego": "package main\n\ndeny contains sprintf(\"%s privileged (raw)\", [name]) if {\n\tsome name\n\tinput.services[name].privileged\n}\n",
		"ctr.rego": `# METADATA
# custom:
#   input: container
package main.containers

deny contains {"id": "TEAM-9", "msg": sprintf("%s privileged (container)", [input.container.name])} if input.container.privileged
`,
	})
	e, err := engine.New(context.Background(), engine.WithSource(shipped), engine.WithSource(team),
		engine.WithConftest(engine.ConftestOptions{AllNamespaces: true}))
	if err != nil {
		t.Fatal(err)
	}
	doc := composeDoc(map[string]any{"name": "web", "privileged": true})
	doc.Raw = []inputs.RawFile{{Path: "compose.yaml", Value: services(map[string]any{"web": map[string]any{"privileged": true}})}}
	byPkg := map[string][]string{}
	for _, f := range evaluate(t, e, doc) {
		byPkg[f.Package] = append(byPkg[f.Package], f.ID+" "+f.Kind)
		if strings.HasPrefix(f.Package, "dockpol.") && f.Kind == "conftest" {
			t.Errorf("shipped package %s queried conftest-style: %+v", f.Package, f)
		}
	}
	if diff := cmp.Diff([]string{"main.deny conftest"}, byPkg["main"]); diff != "" {
		t.Errorf("package main (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"TEAM-9 compose"}, byPkg["main.containers"]); diff != "" {
		t.Errorf("container package (-want +got):\n%s", diff)
	}
	found := false
	for _, id := range byPkg["dockpol.container"] {
		found = found || id == "DKR-C01 compose"
	}
	if !found {
		t.Errorf("the shipped DKR-C01 no longer fires on the normalised document: %v", byPkg)
	}
}

func TestConftestDataAndRegoV0(t *testing.T) {
	t.Parallel()
	v0 := engine.Source{Name: "old", RegoV0: true, FS: fstest.MapFS{"p.rego": {Data: []byte(`package main

deny[msg] {
	image := input.services[name].image
	image == data.banned[_]
	msg := sprintf("%s uses banned image %s", [name, image])
}

warn_restart[msg] {
	input.services[name]
	not input.services[name].restart
	msg := sprintf("%s has no restart policy", [name])
}
`)}}}
	data := engine.Source{Name: "--data", Data: map[string]any{"banned": []any{"nginx:1.19"}}, Modules: map[string]*ast.Module{}}
	e, err := engine.New(context.Background(), engine.WithSource(data), engine.WithSource(v0), engine.WithConftest(engine.ConftestOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	fs := evaluate(t, e, rawDoc(services(map[string]any{
		"web": map[string]any{"image": "nginx:1.19", "restart": "always"},
		"db":  map[string]any{"image": "postgres:16"},
	})))
	want := []string{
		"main.deny deny web uses banned image nginx:1.19",
		"main.warn_restart warn db has no restart policy",
	}
	if diff := cmp.Diff(want, summary(fs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The same source parsed as v1 does not compile.
	v0.RegoV0 = false
	if _, err := engine.New(context.Background(), engine.WithSource(v0)); err == nil {
		t.Error("Rego v0 syntax parsed as v1: want an error")
	}
}

// TestConftestMultiDocument: each document of a multi-document file is
// its own input, as conftest evaluates them.
func TestConftestMultiDocument(t *testing.T) {
	t.Parallel()
	e := conftestEngine(t, engine.ConftestOptions{}, map[string]string{
		"p.rego": "package main\n\ndeny contains sprintf(\"%s has no replicas\", [input.metadata.name]) if not input.spec.replicas\n",
	})
	doc := rawDoc(
		map[string]any{"metadata": map[string]any{"name": "a"}, "spec": map[string]any{"replicas": 2}},
		map[string]any{"metadata": map[string]any{"name": "b"}, "spec": map[string]any{}},
		map[string]any{"metadata": map[string]any{"name": "c"}, "spec": map[string]any{}},
	)
	want := []string{"main.deny deny b has no replicas", "main.deny deny c has no replicas"}
	if diff := cmp.Diff(want, summary(evaluate(t, e, doc))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestKnownRule(t *testing.T) {
	t.Parallel()
	team := teamSource(map[string]string{
		"ct.rego":   twoDenies + "\nwarn_restart contains \"x\" if false\n",
		"doc.rego":  "package team.docs\n\nwarn contains \"x\" if false\n",
		"meta.rego": "# METADATA\n# custom:\n#   input: container\npackage team.meta\n\n# METADATA\n# title: t\n# custom:\n#   id: TEAM-1\ndeny contains {\"id\": \"TEAM-1\", \"msg\": \"x\"} if false\n",
	})
	e, err := engine.New(context.Background(), engine.WithSource(shipped), engine.WithSource(team), engine.WithConftest(engine.ConftestOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	var hashed []string
	doc := rawDoc(map[string]any{"version": "3.0", "services": map[string]any{"a": map[string]any{"image": "a:latest"}}})
	for _, f := range evaluate(t, e, doc) {
		if hashedID.MatchString(f.ID) {
			hashed = append(hashed, f.ID)
		}
	}
	if len(hashed) != 2 {
		t.Fatalf("conftest ids: %v", hashed)
	}
	for _, id := range append(hashed, "DKR-C01", "TEAM-1", "main.warn_restart", "team.docs.warn") {
		if !e.KnownRule(id) {
			t.Errorf("KnownRule(%q) = false, want true", id)
		}
	}
	for _, id := range []string{"DKR-C99", "main.deny", "main.deny#000000", "team.docs.deny", "TEAM-2", ""} {
		if e.KnownRule(id) {
			t.Errorf("KnownRule(%q) = true, want false", id)
		}
	}
}

func TestLayering(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     engine.Source
		wantErr string // "" = accepted
	}{
		{
			name:    "a directory declaring a shipped package",
			src:     teamSource(map[string]string{"rules/priv.rego": "package dockpol.container\n\ndeny contains \"x\" if false\n"}),
			wantErr: `policy/rules/priv.rego:1: package dockpol.container is inside the shipped bundle's reserved root "dockpol/container"`,
		},
		{
			name:    "a directory declaring a package below a shipped root",
			src:     teamSource(map[string]string{"lib.rego": "\n\npackage dockpol.lib.extra\n\nx := 1\n"}),
			wantErr: `policy/lib.rego:3: package dockpol.lib.extra is inside the shipped bundle's reserved root "dockpol/lib"`,
		},
		{
			name:    "a directory declaring the parent of the shipped roots",
			src:     teamSource(map[string]string{"d.rego": "package dockpol\n\nx := 1\n"}),
			wantErr: "package dockpol is inside the shipped bundle's reserved root",
		},
		{
			name:    "a bundle whose roots overlap the shipped ones",
			src:     engine.Source{Name: "team.tar.gz", Roots: []string{"dockpol"}, FS: fstest.MapFS{"t.rego": {Data: []byte("package team\n\nx := 1\n")}}},
			wantErr: `team.tar.gz: bundle root "dockpol" overlaps the shipped bundle's reserved root`,
		},
		{
			name:    "a bundle claiming every root",
			src:     engine.Source{Name: "all.tar.gz", Roots: []string{""}, FS: fstest.MapFS{"t.rego": {Data: []byte("package team\n\nx := 1\n")}}},
			wantErr: `all.tar.gz: bundle root "" overlaps`,
		},
		{
			name: "a package that merely starts like a shipped one",
			src:  teamSource(map[string]string{"d.rego": "package dockpolicy\n\ndeny contains \"x\" if false\n"}),
		},
		{
			name: "a bundle with roots of its own",
			src:  engine.Source{Name: "team.tar.gz", Roots: []string{"team", "acme/compose"}, FS: fstest.MapFS{"t.rego": {Data: []byte("package team\n\ndeny contains \"x\" if false\n")}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := engine.New(context.Background(), engine.WithSource(shipped), engine.WithSource(tt.src))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("accepted, want %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("error %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
	// Verify layers the same way: a team cannot test a replacement either.
	bad := teamSource(map[string]string{"p.rego": "package dockpol.container\n\ndeny contains \"x\" if false\n", "p_test.rego": "package x_test\n\ntest_x if true\n"})
	if _, _, err := engine.VerifyWith(context.Background(), []engine.Source{shipped, bad}, engine.VerifyOptions{}); err == nil || !strings.Contains(err.Error(), "reserved root") {
		t.Errorf("VerifyWith: got %v, want the reserved-root error", err)
	}
}

// TestTeamPackageUsesLib: a team container rule written as the docs show
// (lib.finding, lib.subject, lib.config_value) reports with its METADATA
// and the position of the path it names.
func TestTeamPackageUsesLib(t *testing.T) {
	t.Parallel()
	team := teamSource(map[string]string{"team/registry.rego": `# METADATA
# custom:
#   input: container
package team.registry

import data.dockpol.lib

# METADATA
# title: Image from outside the company registry
# custom:
#   id: TEAM-002
#   severity: high
#   action: deny
#   actions: {gate: warn}
#   kinds: [compose, container, request]
#   remediation: Push the image to registry.example.com.
deny contains finding if {
	input.container.image.registry != null
	not input.container.image.registry in lib.config_value("company_registries", ["registry.example.com"])
	finding := lib.finding(
		rego.metadata.rule(),
		sprintf("%s uses image %q from %s, not from a company registry.", [lib.subject, input.container.image.ref, input.container.image.registry]),
		["image"],
	)
}
`})
	doc := composeDoc(
		map[string]any{"name": "web", "image": map[string]any{"ref": "nginx:1.27", "registry": "docker.io"}},
		map[string]any{"name": "api", "image": map[string]any{"ref": "registry.example.com/api:1", "registry": "registry.example.com"}},
	)
	doc.Provenance[inputs.JoinPath("containers", 0, "image")] = inputs.Position{File: "compose.yaml", Line: 12, Col: 5}
	for _, tt := range []struct {
		name string
		opts []engine.Option
		want []string
	}{
		{"defaults", nil, []string{"TEAM-002 deny high web compose.yaml:12"}},
		{"configured registries", []engine.Option{engine.WithConfigData(map[string]any{"company_registries": []any{"docker.io", "registry.example.com"}})}, nil},
		{"gate mode", []engine.Option{engine.WithMode(engine.ModeGate)}, []string{"TEAM-002 warn high web compose.yaml:12"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := engine.New(context.Background(), append([]engine.Option{engine.WithSource(shipped), engine.WithSource(team)}, tt.opts...)...)
			if err != nil {
				t.Fatalf("engine.New: %v", err)
			}
			var got []string
			for _, f := range evaluate(t, e, doc) {
				if f.Package == "team.registry" {
					got = append(got, strings.Join([]string{f.ID, f.Action, f.Severity, f.Container, f.File + ":" + strconv.Itoa(f.Line)}, " "))
					if !strings.Contains(f.Message, `service "web" uses image "nginx:1.27" from docker.io`) || f.Remediation == "" || f.Title == "" {
						t.Errorf("finding %+v: want the message, title and remediation", f)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Without the shipped bundle there is no data.dockpol.lib.
	if _, err := engine.New(context.Background(), engine.WithSource(team)); err == nil {
		t.Error("team package using dockpol.lib without the shipped bundle: want a compile error")
	}
}

func TestTeamPolicyErrorsHavePositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      *regexp.Regexp
	}{
		{"parse error", "package team\n\ndeny contains msg if {\n\tmsg := \n}\n", regexp.MustCompile(`^policy/team.rego:5:1: rego_parse_error: `)},
		{"type error", "package team\n\ndeny contains msg if {\n\tmsg := undefined_function(input.x)\n}\n", regexp.MustCompile(`^policy/team.rego:4:9: rego_type_error: undefined function undefined_function$`)},
		{"unsafe var", "package team\n\ndeny contains msg if {\n\tinput.x == 1\n}\n", regexp.MustCompile(`^policy/team.rego:3:15: rego_unsafe_var_error: var msg is unsafe$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := engine.New(context.Background(), engine.WithSource(shipped), engine.WithSource(teamSource(map[string]string{"team.rego": tt.src})))
			var pe *engine.PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v (%T), want a *engine.PolicyError", err, err)
			}
			if len(pe.Lines) == 0 || !tt.want.MatchString(pe.Lines[0]) {
				t.Errorf("lines %q, want the first to match %s", pe.Lines, tt.want)
			}
		})
	}
}
