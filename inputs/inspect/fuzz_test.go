package inspect_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/inspect"
)

// FuzzInspectDecode: any input decodes to a document that encodes as
// JSON, or fails with one single-line SourceError naming the file; never
// a panic. Seeded with the shared corpus (testdata/fuzz keeps crashers).
func FuzzInspectDecode(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(corpus, "*.json"))
	gen, _ := filepath.Glob(filepath.Join(generated, "*.json"))
	for _, p := range append(paths, gen...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"State":{},"HostConfig":{"PortBindings":{"80/tcp":[{"HostIp":"::1","HostPort":"1"}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := inspect.Decode("in.json", data)
		if err != nil {
			var se *inputs.SourceError
			if !errors.As(err, &se) || se.Pos.File != "in.json" {
				t.Fatalf("error %v (%T) is not a SourceError naming the file", err, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error spans lines: %q", err)
			}
			return
		}
		if _, err := json.Marshal(doc.Value); err != nil {
			t.Fatalf("document does not encode: %v", err)
		}
		for p, pos := range doc.Provenance {
			if pos.File != "in.json" || pos.Line < 1 || pos.Col < 1 {
				t.Fatalf("%s: bad position %+v", p, pos)
			}
		}
	})
}
