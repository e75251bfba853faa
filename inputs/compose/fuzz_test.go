package compose_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockpol/dockpol/inputs/compose"
)

// fuzzSeedCorpus are corpus files (relative to corpusDir) used as seeds
// beside every fixture compose file.
var fuzzSeedCorpus = []string{
	"docker__awesome-compose/elasticsearch-logstash-kibana__compose.yaml",
	"stefanprodan__dockprom/docker-compose.yml",
	"compose-spec__compose-go/loader/testdata/extends/reset.yaml",
	"compose-spec__compose-go/schema__using-variables.yaml",
	"traefik__traefik/docs__content__user-guides__docker-compose__basic-example__docker-compose.yml",
	"frappe__frappe_docker/pwd.yml",
}

// FuzzLoad feeds arbitrary bytes to Load as a compose file: it must never
// panic, and a document it returns must match the schema and name no
// absolute path of the temporary project.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.y*ml"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*", "*.y*ml"))
	seeds = append(seeds, more...)
	for _, p := range fuzzSeedCorpus {
		seeds = append(seeds, filepath.Join(corpusDir, filepath.FromSlash(p)))
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("services: {web: {image: nginx, ports: ['8080:80'], volumes: ['./x:/x'], environment: [A=${B:-c}]}}"))
	f.Add([]byte("x: &a {privileged: true}\nservices:\n  web:\n    <<: *a\n    image: nginx\n    cap_add: !reset []\n"))
	// The project directory holds files a fuzzed compose file can refer
	// to, and secrets it can interpolate.
	dir := f.TempDir()
	for name, content := range map[string]string{
		".env":        "DB_PASSWORD=FUZZSECRET-dotenv\nTAG=1.2\nCMD=sleep 1\n",
		"app.env":     "API_TOKEN=FUZZSECRET-envfile\nA=${TAG}\n",
		"common.yaml": "services:\n  base:\n    image: nginx:${TAG}\n    env_file: app.env\n",
		"Dockerfile":  "FROM alpine\nUSER 1000\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	f.Add([]byte("include: [common.yaml]\nservices:\n  web:\n    extends: {file: common.yaml, service: base}\n    env_file: [app.env]\n    labels: {x: \"${DB_PASSWORD}\"}\n    command: ${CMD}\n    build: .\n"))
	f.Add([]byte("services:\n  web:\n    image: nginx\n    env_file: /${DB_PASSWORD}\n    ports: [\"${DB_PASSWORD}\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		doc, err := compose.Load(t.Context(), []compose.File{{Path: "compose.yaml", Content: data}}, compose.Options{WorkDir: dir, MaxFileSize: 1 << 20})
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("Load took %v", d)
		}
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, dir) {
				t.Errorf("error names the temporary directory: %v", err)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error spans lines: %q", msg)
			}
			if strings.Contains(msg, "FUZZSECRET") {
				t.Errorf("error quotes a secret: %v", err)
			}
			return
		}
		validate(t, doc)
		out, err := json.Marshal(doc.Value)
		if err != nil {
			t.Fatalf("document does not marshal: %v", err)
		}
		if strings.Contains(string(out), dir) {
			t.Errorf("document names the temporary directory: %s", out)
		}
		for k, p := range doc.Provenance {
			if filepath.IsAbs(p.File) {
				t.Errorf("provenance %s is absolute: %s", k, p)
			}
		}
	})
}
