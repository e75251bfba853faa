package engine_test

import (
	"context"
	"slices"
	"testing"

	"github.com/dockpol/dockpol/engine"
)

// TestChecks: the rules listed as judging a container are the ones
// Evaluate runs on it, so every finding's rule is listed (for the shipped
// rules), kinds are honoured and disabled rules are left out.
func TestChecks(t *testing.T) {
	tests := []struct {
		name    string
		opts    []engine.Option
		want    []string // ids that must be listed for the container
		notWant []string // ids that must not be
	}{
		{"shipped", nil, []string{"DKR-C01", "DKR-C27", "DKR-I01"}, []string{"DKR-D01"}},
		{"disabled", []engine.Option{engine.WithOverrides(engine.Overrides{Disable: []string{"DKR-C0*"}})},
			[]string{"DKR-C27"}, []string{"DKR-C01", "DKR-C02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t, tt.opts...)
			doc := composeDoc(map[string]any{"name": "web", "privileged": true}, map[string]any{"name": "db"})
			cov := e.Checks(doc)
			if cov.Input != "compose.yaml" || cov.Kind != "compose" || len(cov.Containers) != 2 {
				t.Fatalf("coverage %+v: want input compose.yaml, kind compose, two containers", cov)
			}
			if cov.Containers[0].Name != "web" || cov.Containers[1].Name != "db" {
				t.Errorf("containers %q, %q: want web, db", cov.Containers[0].Name, cov.Containers[1].Name)
			}
			rules := cov.Containers[0].Rules
			if !slices.IsSorted(rules) {
				t.Errorf("rules not sorted: %v", rules)
			}
			for _, id := range tt.want {
				if !slices.Contains(rules, id) {
					t.Errorf("%s not listed for a compose container: %v", id, rules)
				}
			}
			for _, id := range tt.notWant {
				if slices.Contains(rules, id) || slices.Contains(cov.Document, id) {
					t.Errorf("%s listed, want it left out", id)
				}
			}
			fs, err := e.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Input != "compose.yaml" {
					t.Errorf("%s: Input %q, want compose.yaml", f.ID, f.Input)
				}
				listed := cov.Document
				if f.ContainerIndex >= 0 {
					listed = cov.Containers[f.ContainerIndex].Rules
				}
				if !slices.Contains(listed, f.ID) {
					t.Errorf("finding %s [%s] comes from a rule Checks does not list", f.ID, f.Container)
				}
			}
		})
	}
}
