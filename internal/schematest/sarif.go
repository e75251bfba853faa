package schematest

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SARIFPath is the official SARIF 2.1.0 JSON schema, vendored in
// testdata (see testdata/README.md for where it comes from).
var SARIFPath = filepath.Join(filepath.Dir(Path), "..", "..", "internal", "schematest", "testdata", "sarif-schema-2.1.0.json")

var (
	sarifOnce   sync.Once
	sarifSchema *jsonschema.Schema
	sarifErr    error
)

// SARIFError returns why data is not a valid SARIF 2.1.0 log, or nil.
func SARIFError(t testing.TB, data []byte) error {
	t.Helper()
	sarifOnce.Do(func() {
		f, err := os.Open(SARIFPath)
		if err != nil {
			sarifErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			sarifErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
			sarifErr = err
			return
		}
		sarifSchema, sarifErr = c.Compile("sarif-schema-2.1.0.json")
	})
	if sarifErr != nil {
		t.Fatalf("compile %s: %v", SARIFPath, sarifErr)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		return err
	}
	return sarifSchema.Validate(v)
}

// ValidateSARIF fails the test unless data is a valid SARIF 2.1.0 log.
func ValidateSARIF(t testing.TB, data []byte) {
	t.Helper()
	if err := SARIFError(t, data); err != nil {
		t.Errorf("SARIF output does not match the SARIF 2.1.0 schema:\n%v", err)
	}
}
