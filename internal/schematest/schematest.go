// Package schematest holds what the tests of every input adapter share:
// validation against the published JSON Schema of the normalised document
// (docs/schema/dockpol-v1.json) and golden document files.
package schematest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dockpol/dockpol/inputs"
)

// Path is the schema file, found from this package's source directory so
// tests in any package can use it.
var Path = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "docs", "schema", "dockpol-v1.json")
}()

var (
	once    sync.Once
	schema  *jsonschema.Schema
	loadErr error
)

func compiled(t testing.TB) *jsonschema.Schema {
	t.Helper()
	once.Do(func() {
		f, err := os.Open(Path)
		if err != nil {
			loadErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			loadErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("dockpol-v1.json", doc); err != nil {
			loadErr = err
			return
		}
		schema, loadErr = c.Compile("dockpol-v1.json")
	})
	if loadErr != nil {
		t.Fatalf("compile %s: %v", Path, loadErr)
	}
	return schema
}

// Validate checks a document value (as built by an adapter) against the
// schema, after a JSON round trip.
func Validate(t testing.TB, value any) {
	t.Helper()
	data, err := json.Marshal(value)
	if err != nil {
		t.Fatalf("marshal document: %v", err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("unmarshal document: %v", err)
	}
	if err := compiled(t).Validate(v); err != nil {
		t.Errorf("document does not match the schema:\n%v\ndocument: %s", err, data)
	}
}

// Golden compares a document, its provenance and its warnings with the
// golden file at path, or rewrites the file when update is set.
func Golden(t testing.TB, path string, doc *inputs.Document, update bool) {
	t.Helper()
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
	if update {
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
}
