package compose_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
	dir := addFuzzSeeds(f)
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

// addFuzzSeeds adds the seed corpus of the compose fuzz targets and
// returns the project directory they load in: it holds files a fuzzed
// compose file can refer to, and secrets it can interpolate.
func addFuzzSeeds(f *testing.F) string {
	f.Helper()
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
	return dir
}

// FuzzShortcutsChangeNothing loads arbitrary bytes with and without the
// load-time shortcuts (see TestShortcutsChangeNothing): both must fail or
// both give the same document and compose-go project. Which of several
// errors compose-go reports varies with map order, so only failure is
// compared.
func FuzzShortcutsChangeNothing(f *testing.F) {
	dir := addFuzzSeeds(f)
	f.Add([]byte("services:\n  web:\n    build: {dockerfile: D, ssh: [default]}\n    ports: ['80:80', {target: 53, protocol: udp}]\n    volumes: ['./d:/d', {type: bind, source: ~/x, target: /x}]\n    secrets: [s]\n    env_file: app.env\n    gpus: [{driver: nvidia}]\n    develop: {watch: [{path: ./src, action: sync, target: /a}]}\nsecrets:\n  s: {file: ./s}\nvolumes:\n  l: {driver: local, driver_opts: {o: bind, device: ./l}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := []compose.File{{Path: "compose.yaml", Content: data}}
		opts := compose.Options{WorkDir: dir, MaxFileSize: 1 << 20}
		want, wantInfo, wantErr := compose.LoadReporting(t.Context(), files, opts, false)
		got, gotInfo, gotErr := compose.LoadReporting(t.Context(), files, opts, true)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("error: want %v, got %v", wantErr, gotErr)
		}
		if wantErr != nil {
			return
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("document (-without +with shortcuts):\n%s", d)
		}
		if d := cmp.Diff(wantInfo.Project, gotInfo.Project, projectCmp...); d != "" {
			t.Errorf("compose-go project (-without +with shortcuts):\n%s", d)
		}
	})
}
