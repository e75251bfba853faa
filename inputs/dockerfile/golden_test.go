package dockerfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs/dockerfile"
	"github.com/dockpol/dockpol/internal/schematest"
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
			schematest.Golden(t, filepath.Join("testdata", "golden", name+".json"), doc, *update)
		})
	}
}
