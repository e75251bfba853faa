package dockerfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dockpol/dockpol/inputs"
)

// corpusFiles lists the corpus Dockerfiles, or skips the test.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("Dockerfile corpus not found at %s (shared/ is cloned beside the repository): %v", corpusDir, err)
	}
	files, err := filepath.Glob(filepath.Join(corpusDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no Dockerfiles under %s", corpusDir)
	}
	return files
}

// TestCorpus decodes every corpus Dockerfile: each gives a document that
// matches the schema, with one container and provenance for every
// instruction, or one clean error, never a panic.
func TestCorpus(t *testing.T) {
	t.Parallel()
	files := corpusFiles(t)
	loaded := 0
	for _, p := range files {
		name := filepath.Base(p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			doc, err := safeDecode(name, data)
			if err != nil {
				t.Logf("error: %v", err)
				checkError(t, err, name)
				return
			}
			loaded++
			validate(t, doc)
			if n := len(doc.Containers()); n != 1 {
				t.Errorf("%d containers, want 1", n)
			}
			stages := get(t, doc.Value, "dockerfile", "stages").([]any)
			for i, s := range stages {
				for j := range get(t, s, "instructions").([]any) {
					key := inputs.JoinPath("dockerfile", "stages", i, "instructions", j)
					if pos, ok := doc.Provenance[key]; !ok || pos.Line == 0 || pos.File != name {
						t.Errorf("no position for %s", key)
					}
				}
			}
		})
	}
	// every corpus Dockerfile is one docker build accepts
	if !t.Failed() && loaded != len(files) {
		t.Errorf("%d of %d corpus Dockerfiles decoded", loaded, len(files))
	}
}
