package daemon_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/internal/schematest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The shared corpus (cloned beside the repository, read-only): daemon.json
// files, and docker info output among the generated inspect samples.
var (
	corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "daemon")
	infoDir   = filepath.Join("..", "..", "..", "shared", "corpus", "inspect", "generated")
)

// validate checks a document against the published schema.
func validate(t testing.TB, doc *inputs.Document) {
	t.Helper()
	schematest.Validate(t, doc.Value)
}

// safe calls decode and turns a panic into an error.
func safe(decode func(string, []byte) (*inputs.Document, error), path string, data []byte) (doc *inputs.Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	return decode(path, data)
}

// checkError requires err to be one clean *inputs.SourceError naming file.
func checkError(t testing.TB, err error, file string) *inputs.SourceError {
	t.Helper()
	var se *inputs.SourceError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not an *inputs.SourceError", err, err)
	}
	if msg := err.Error(); se.Pos.File != file || strings.Contains(msg, "\n") || strings.HasPrefix(se.Err.Error(), "panic") {
		t.Errorf("bad error %q (file %q)", msg, se.Pos.File)
	}
	return se
}

// daemonOf returns the daemon object of a document.
func daemonOf(t testing.TB, doc *inputs.Document) map[string]any {
	t.Helper()
	d, ok := doc.Value["daemon"].(map[string]any)
	if !ok {
		t.Fatalf("no daemon object in %v", doc.Value)
	}
	return d
}

// jsonOf renders a value as compact JSON.
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// writeGolden compares (or with -update rewrites) a golden file holding a
// document, its provenance and warnings.
func writeGolden(t *testing.T, name string, doc *inputs.Document) {
	t.Helper()
	schematest.Golden(t, filepath.Join("testdata", "golden", name), doc, *update)
}
