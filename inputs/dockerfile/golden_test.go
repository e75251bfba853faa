package dockerfile_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/dockerfile"
)

// TestGolden compares whole documents, their provenance and warnings with
// testdata/golden/<fixture>.json, byte for byte, for every fixture
// testdata/*.Dockerfile; go test -run TestGolden -update rewrites them
// (review the diff like code).
func TestGolden(t *testing.T) {
	t.Parallel()
	fixtures, err := filepath.Glob(filepath.Join("testdata", "*.Dockerfile"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, fixture := range fixtures {
		name := strings.TrimSuffix(filepath.Base(fixture), ".Dockerfile")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(fixture)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := dockerfile.Decode(filepath.Base(fixture), data)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			validate(t, doc)
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
			path := filepath.Join("testdata", "golden", name+".json")
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
