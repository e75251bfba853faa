package dockerfile_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/dockerfile"
)

var update = flag.Bool("update", false, "rewrite golden files")

// schemaPath is the published JSON Schema every document must satisfy.
var schemaPath = filepath.Join("..", "..", "docs", "schema", "dockpol-v1.json")

// corpusDir holds real-world Dockerfiles (shared/ is cloned beside the
// repository, read-only).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "dockerfile")

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// docSchema compiles docs/schema/dockpol-v1.json once per test binary.
func docSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		f, err := os.Open(schemaPath)
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("dockpol-v1.json", doc); err != nil {
			schemaErr = err
			return
		}
		schema, schemaErr = c.Compile("dockpol-v1.json")
	})
	if schemaErr != nil {
		t.Fatalf("compile %s: %v", schemaPath, schemaErr)
	}
	return schema
}

// validate checks a document against the published schema.
func validate(t testing.TB, doc *inputs.Document) {
	t.Helper()
	data, err := json.Marshal(doc.Value)
	if err != nil {
		t.Fatalf("marshal document: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("unmarshal document: %v", err)
	}
	if err := docSchema(t).Validate(v); err != nil {
		t.Errorf("document does not match %s:\n%v", schemaPath, err)
	}
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
