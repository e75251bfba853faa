// Package schematest validates documents against the published JSON Schema
// of the normalised document (docs/schema/dockpol-v1.json), for the tests
// of every input adapter.
package schematest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
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
