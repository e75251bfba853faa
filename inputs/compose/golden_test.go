package compose_test

import (
	"path/filepath"
	"testing"

	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/internal/schematest"
)

// TestGolden compares whole documents, their provenance and warnings with
// testdata/golden/*.json, byte for byte; go test -run TestGolden -update
// rewrites them (review the diff like code).
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		dir    string
		files  []string
		opts   compose.Options
	}{
		{"override.json", "prov-override", []string{"compose.yaml", "compose.override.yaml"}, compose.Options{}},
		{"extends.json", "prov-extends", []string{"compose.yaml"}, compose.Options{}},
		{"secrets.json", "secrets", []string{"compose.yaml"}, compose.Options{Env: []string{"CLI_TOKEN=PLANTED-CLI-13"}}},
		{"kitchen-sink.json", "kitchen-sink", []string{"compose.yaml"}, compose.Options{}},
		{"build.json", "build", []string{"compose.yaml"}, compose.Options{Root: filepath.Join("testdata", "build")}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			doc := mustLoad(t, filepath.Join("testdata", tt.dir), tt.files, tt.opts)
			schematest.Golden(t, filepath.Join("testdata", "golden", tt.golden), doc, *update)
		})
	}
}
