package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestRulesDocUpToDate fails when docs/rules.md differs from what
// `dockpol rules --format markdown` generates; refresh it with
// `go test ./cmd/dockpol -run TestRulesDocUpToDate -update`.
func TestRulesDocUpToDate(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"dockpol", "rules", "--no-repo-config", "--format", "markdown"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("rules --format markdown: exit %d: %s", code, errOut.String())
	}
	path := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with -update)", err)
	}
	if !bytes.Equal(want, out.Bytes()) {
		t.Errorf("docs/rules.md is stale: run go test ./cmd/dockpol -run TestRulesDocUpToDate -update")
	}
}
