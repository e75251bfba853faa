package compose_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/compose"
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
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			doc := mustLoad(t, filepath.Join("testdata", tt.dir), tt.files, tt.opts)
			prov := map[string]string{}
			for k, p := range doc.Provenance {
				prov[k] = p.String()
			}
			warnings := []string{}
			for _, w := range doc.Warnings {
				warnings = append(warnings, w.String())
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(map[string]any{"document": doc.Value, "provenance": prov, "warnings": warnings}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tt.golden)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("%s differs (-want +got):\n%s", path, cmp.Diff(string(want), buf.String()))
			}
		})
	}
}
