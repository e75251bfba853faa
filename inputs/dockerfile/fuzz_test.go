package dockerfile_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockpol/dockpol/inputs/dockerfile"
)

// FuzzDockerfile feeds arbitrary bytes to Decode: it must never panic (a
// panic of BuildKit's parser is caught and becomes an error), an error is
// one line naming the file, and a document matches the schema, has one
// container, marshals, and holds no value planted after a secret-like
// name.
func FuzzDockerfile(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.Dockerfile"))
	if files, err := filepath.Glob(filepath.Join(corpusDir, "*")); err == nil {
		seeds = append(seeds, files...)
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("FROM alpine\nENV PASSWORD=FUZZSECRET\nRUN --mount=type=secret,id=x <<EOF\necho $PASSWORD\nEOF\n"))
	f.Add([]byte("# escape=`\nARG A=b\nFROM $A AS x\nONBUILD COPY --from=x a b\nFROM x\nHEALTHCHECK NONE\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		doc, err := dockerfile.Decode("Dockerfile", data)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Decode took %v", d)
		}
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "Dockerfile") || strings.Contains(msg, "\n") {
				t.Errorf("bad error %q", msg)
			}
			return
		}
		validate(t, doc)
		if len(doc.Containers()) != 1 {
			t.Errorf("%d containers", len(doc.Containers()))
		}
		out, err := json.Marshal(doc.Value)
		if err != nil {
			t.Fatalf("document does not marshal: %v", err)
		}
		if strings.Contains(string(data), "PASSWORD=FUZZSECRET") && strings.Contains(string(out), "FUZZSECRET") {
			t.Errorf("a secret value reached the document: %s", out)
		}
	})
}
