package engine_test

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/engine"
)

// decidingTeam has, in three container packages: a rule that warns, a
// rule that denies, a warn rule that denies at the gate, and a warn
// rule with no METADATA id (a team rule the engine cannot classify).
var decidingTeam = fstest.MapFS{
	"a.rego": {Data: []byte(`# METADATA
# custom:
#   input: container
package team.a

# METADATA
# custom:
#   id: TEAM-W
#   action: warn
warn contains {"id": rego.metadata.rule().custom.id, "msg": "w"} if input.container.name

# METADATA
# custom:
#   id: TEAM-D
#   action: deny
deny contains {"id": rego.metadata.rule().custom.id, "msg": "d"} if input.container.name
`)},
	"b.rego": {Data: []byte(`# METADATA
# custom:
#   input: container
package team.b

# METADATA
# custom:
#   id: TEAM-G
#   action: warn
#   actions: {gate: deny}
warn contains {"id": rego.metadata.rule().custom.id, "msg": "g"} if input.container.name
`)},
	"c.rego": {Data: []byte(`# METADATA
# custom:
#   input: container
package team.c

warn contains "bare" if input.container.name
`)},
}

func TestDecidingRulesOnly(t *testing.T) {
	team := engine.Source{Name: "team", FS: decidingTeam}
	doc := composeDoc(map[string]any{"name": "web"})
	for _, tc := range []struct {
		name      string
		mode      string
		overrides engine.Overrides
		want      []string
	}{
		{"gate", engine.ModeGate, engine.Overrides{}, []string{"TEAM-D", "TEAM-G", "team.c.warn"}},
		{"ci", engine.ModeCI, engine.Overrides{}, []string{"TEAM-D", "team.c.warn"}},
		{"warn raised to deny", engine.ModeGate,
			engine.Overrides{Action: map[string]map[string]string{"TEAM-W": {"gate": "deny"}}},
			[]string{"TEAM-D", "TEAM-G", "TEAM-W", "team.c.warn"}},
		{"warn raised to audit in every mode", engine.ModeGate,
			engine.Overrides{Action: map[string]map[string]string{"TEAM-W": {"": "audit"}}},
			[]string{"TEAM-D", "TEAM-G", "TEAM-W", "team.c.warn"}},
		{"deny lowered to warn", engine.ModeGate,
			engine.Overrides{Action: map[string]map[string]string{"TEAM-G": {"gate": "warn"}}},
			[]string{"TEAM-D", "team.c.warn"}},
		{"disabled", engine.ModeGate,
			engine.Overrides{Disable: []string{"TEAM-G"}},
			[]string{"TEAM-D", "team.c.warn"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := engine.New(context.Background(), engine.WithSource(team), engine.WithMode(tc.mode),
				engine.WithOverrides(tc.overrides), engine.WithDecidingRulesOnly())
			if err != nil {
				t.Fatal(err)
			}
			fs, err := e.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.ID)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("finding ids (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecidingRulesOnlyKeepsEveryDecision: over the shipped bundle, for
// every mode, leaving out the warn-only entrypoints drops warnings and
// nothing else.
func TestDecidingRulesOnlyKeepsEveryDecision(t *testing.T) {
	risky := map[string]any{
		"name": "worker", "privileged": true, "user": nil,
		"image":            map[string]any{"ref": "nginx:latest", "registry": "docker.io", "repository": "library/nginx", "tag": "latest", "digest": nil},
		"cap_add":          []any{"SYS_ADMIN", "NET_ADMIN", "SYS_NICE"},
		"cap_drop":         []any{},
		"mounts":           []any{map[string]any{"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "read_only": false, "driver_device": nil}},
		"ports":            []any{map[string]any{"host_ip": nil, "host_port": "22", "container_port": 22, "protocol": "tcp"}},
		"environment":      []any{map[string]any{"name": "DB_PASSWORD", "value_kind": "literal", "secret_like": true}},
		"resources":        map[string]any{"memory": nil, "cpus": nil, "pids_limit": nil},
		"security":         map[string]any{"seccomp": "unconfined", "no_new_privileges": nil, "options": nil},
		"namespaces":       map[string]any{"pid": "host", "network": nil, "ipc": "host"},
		"read_only_rootfs": nil, "ulimits": nil, "healthcheck": nil,
	}
	doc := composeDoc(risky)
	for _, mode := range []string{engine.ModeCI, engine.ModeGate, engine.ModeAudit} {
		t.Run(mode, func(t *testing.T) {
			all, err := newEngine(t, engine.WithMode(mode)).Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			some, err := newEngine(t, engine.WithMode(mode), engine.WithDecidingRulesOnly()).Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			key := func(f engine.Finding) string { return f.ID + " " + f.Path + " " + f.Action }
			kept := map[string]bool{}
			for _, f := range some {
				kept[key(f)] = true
			}
			decisions, warnings := 0, 0
			for _, f := range all {
				switch {
				case f.Action != engine.ActionWarn:
					decisions++
					if !kept[key(f)] {
						t.Errorf("%s: deciding finding dropped", key(f))
					}
				case kept[key(f)]:
					warnings++ // a warning from an entrypoint that also decides
				}
				delete(kept, key(f))
			}
			for k := range kept {
				t.Errorf("%s: found only with WithDecidingRulesOnly", k)
			}
			if decisions == 0 || len(some) >= len(all) {
				t.Errorf("%d decisions, %d of %d findings kept: the document should both deny and warn", decisions, len(some), len(all))
			}
			t.Logf("%s: %d findings, %d kept (%d decisions, %d warnings)", mode, len(all), len(some), decisions, warnings)
		})
	}
}
