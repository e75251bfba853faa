package dockerfile_test

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
	"github.com/dockpol/dockpol/inputs/dockerfile"
	"github.com/dockpol/dockpol/internal/schematest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusDir holds real-world Dockerfiles (shared/ is cloned beside the
// repository, read-only).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "dockerfile")

// validate checks a document against the published schema.
func validate(t testing.TB, doc *inputs.Document) {
	t.Helper()
	schematest.Validate(t, doc.Value)
}

// decode parses a Dockerfile given as text and fails the test on error.
func decode(t testing.TB, text string) *inputs.Document {
	t.Helper()
	doc, err := dockerfile.Decode("Dockerfile", []byte(text))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	validate(t, doc)
	return doc
}

// safeDecode decodes and turns a panic into an error.
func safeDecode(path string, data []byte) (doc *inputs.Document, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	return dockerfile.Decode(path, data)
}

// checkError requires err to be one clean *inputs.SourceError naming file.
func checkError(t testing.TB, err error, file string) {
	t.Helper()
	var se *inputs.SourceError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not an *inputs.SourceError", err, err)
	}
	msg := err.Error()
	if se.Pos.File != file || strings.Contains(msg, "\n") || strings.HasPrefix(se.Err.Error(), "panic") {
		t.Errorf("bad error %q (file %q)", msg, se.Pos.File)
	}
}

// get follows a path of keys and indexes into a decoded document.
func get(t testing.TB, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("get %v: %v is not an object", path, v)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("get %v: %v is not a list of more than %d", path, v, k)
			}
			v = l[k]
		}
	}
	return v
}

// jsonOf renders a value as compact JSON, for comparisons and searches.
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
