package schematest

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ReportPath is the published JSON Schema of dockpol's JSON report.
var ReportPath = filepath.Join(filepath.Dir(Path), "report-v1.json")

var (
	reportOnce   sync.Once
	reportSchema *jsonschema.Schema
	reportErr    error
)

// ValidateReport fails the test unless data is a JSON report matching
// docs/schema/report-v1.json.
func ValidateReport(t testing.TB, data []byte) {
	t.Helper()
	reportOnce.Do(func() { reportSchema, reportErr = compileFile(ReportPath, "report-v1.json") })
	if reportErr != nil {
		t.Fatalf("compile %s: %v", ReportPath, reportErr)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
	if err != nil {
		t.Errorf("JSON report is not JSON: %v", err)
		return
	}
	if err := reportSchema.Validate(v); err != nil {
		t.Errorf("JSON report does not match %s:\n%v", ReportPath, err)
	}
}

// compileFile compiles the JSON Schema in file under name.
func compileFile(file, name string) (*jsonschema.Schema, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		return nil, err
	}
	return c.Compile(name)
}

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
	sarifOnce.Do(func() { sarifSchema, sarifErr = compileFile(SARIFPath, "sarif-schema-2.1.0.json") })
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
