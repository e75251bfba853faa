package compose_test

import (
	"errors"
	"testing"

	"github.com/compose-spec/compose-go/v2/paths"
	"github.com/compose-spec/compose-go/v2/transform"
	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/compose"
)

// TestPrunedPassesMatchFull runs compose-go's default-values and
// relative-paths passes over a model whole and pruned (ApplyPasses): the
// models after must be equal. The model holds what the pruning must get
// right: keys with dots, keys spelt "*" and "[]", lists of lists, nulls,
// values of the wrong type, and keys no pattern reaches.
func TestPrunedPassesMatchFull(t *testing.T) {
	t.Parallel()
	model := func() map[string]any {
		return map[string]any{
			"name": "p",
			"services": map[string]any{
				"web.v2": map[string]any{
					"image":       "nginx",
					"environment": map[string]any{"A": "1", "B.C": nil},
					"command":     []any{"a", []any{"b", map[string]any{"c": "d"}}},
					"build":       map[string]any{"dockerfile": "Dockerfile", "ssh": []any{"default", "k=./id"}, "args": map[string]any{"X": "y"}},
					"ports":       []any{map[string]any{"target": 80}, map[string]any{"target": 53, "protocol": "udp", "mode": "host"}},
					"volumes": []any{
						map[string]any{"type": "bind", "source": "./d", "target": "/d"},
						map[string]any{"type": "bind", "source": "~/x", "target": "/x", "bind": map[string]any{"propagation": "rshared"}},
						map[string]any{"type": "volume", "source": "v", "target": "/v"},
					},
					"secrets":  []any{map[string]any{"source": "s"}, map[string]any{"source": "t", "target": "/t"}},
					"env_file": []any{map[string]any{"path": "a.env", "required": true}},
					"gpus":     []any{map[string]any{"driver": "nvidia"}},
					"deploy": map[string]any{
						"replicas":  2,
						"resources": map[string]any{"reservations": map[string]any{"devices": []any{map[string]any{"capabilities": []any{"gpu"}}}}},
					},
					"develop":  map[string]any{"watch": []any{map[string]any{"path": "./src", "action": "sync"}}},
					"*":        map[string]any{"ports": []any{map[string]any{"target": 1}}},
					"[]":       nil,
					"x-custom": map[string]any{"volumes": []any{"./not-a-path"}},
				},
				"*": map[string]any{"build": map[string]any{"context": "ctx"}, "label_file": []any{"l.txt"}},
			},
			"jobs": map[string]any{
				"j": map[string]any{"volumes": []any{map[string]any{"type": "bind", "source": "rel", "target": "/r"}}, "ports": []any{map[string]any{"target": 9}}},
			},
			"volumes":  map[string]any{"v": nil, "l": map[string]any{"driver": "local", "driver_opts": map[string]any{"o": "bind", "device": "./dev"}}},
			"secrets":  map[string]any{"s": map[string]any{"file": "./s.txt"}, "t": map[string]any{"environment": "T"}},
			"configs":  map[string]any{"c": map[string]any{"file": "c.conf"}},
			"networks": map[string]any{"n": nil},
			"x-a.b":    map[string]any{"volumes": []any{"x"}},
		}
	}

	want := model()
	if _, err := transform.SetDefaultValues(want); err != nil {
		t.Fatal(err)
	}
	if err := paths.ResolveRelativePaths(want, "/work", nil); err != nil {
		t.Fatal(err)
	}
	got := model()
	if err := compose.ApplyPasses(got, "/work", nil); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("model (-whole +pruned):\n%s", d)
	}
	if d := cmp.Diff(model(), got); d == "" {
		t.Error("the passes changed nothing: the test tests nothing")
	}

	// a top-level key with a dot that tree.Path would split under a
	// pattern's first segment: no pruning
	if err := compose.ApplyPasses(map[string]any{"services.web": map[string]any{}}, "/work", nil); !errors.Is(err, compose.ErrUnprunable) {
		t.Errorf("top-level services.web: %v, want ErrUnprunable", err)
	}
}
