package raw_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockpol/dockpol/inputs/raw"
)

// corpusDir is the shared corpus (cloned beside the repository; read-only).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// fuzzSeeds are corpus files of every kind the raw view decodes.
var fuzzSeeds = []string{
	"compose/docker__awesome-compose/elasticsearch-logstash-kibana__compose.yaml",
	"compose/stefanprodan__dockprom/docker-compose.yml",
	"compose/compose-spec__compose-go/loader/testdata/extends/reset.yaml",
	"daemon/docker__cli__docs__reference__dockerd.md__L1067-1197__linux-full-example.json",
	"daemon/moby__moby__integration__daemon__testdata__malformed-config.json",
	"dockerfile/appwrite__appwrite__Dockerfile",
	"dockerfile/docker-mailserver__docker-mailserver__Dockerfile",
	"inspect/containrrr__watchtower__container_running.json",
}

// FuzzDecode feeds arbitrary bytes to the conftest-style decoders (YAML,
// JSON and Dockerfile): never a panic, an error is one line naming the
// file, and every document they return encodes as JSON (what the engine
// converts to a Rego value).
func FuzzDecode(f *testing.F) {
	for _, p := range fuzzSeeds {
		if data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(p))); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: &a [yes, no, on, 2001-12-14]\nb: *a\n---\n1: {2: [3]}\n"))
	f.Add([]byte(`{"a": [1, 2.5e300, "x", null, {"b": true}]}`))
	f.Add([]byte("FROM alpine AS x\nONBUILD RUN echo\n# c\nCOPY --from=x a b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tc := range []struct {
			name   string
			decode func(string, []byte) ([]any, error)
		}{
			{"in.yaml", raw.Decode},
			{"in.json", raw.Decode},
			{"Dockerfile", raw.DecodeDockerfile},
		} {
			start := time.Now()
			docs, err := tc.decode(tc.name, data)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s: decode took %v", tc.name, d)
			}
			if err != nil {
				if msg := err.Error(); !strings.HasPrefix(msg, tc.name) || strings.Contains(msg, "\n") {
					t.Errorf("bad error %q", msg)
				}
				continue
			}
			if _, err := json.Marshal(docs); err != nil {
				t.Errorf("%s: documents do not encode: %v", tc.name, err)
			}
		}
	})
}
