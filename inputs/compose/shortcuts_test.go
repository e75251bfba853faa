package compose_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/compose"
)

// castProject exercises every kind of interpolation cast compose-go
// applies: strings at bool, int and float paths, written literally and
// through variables, behind an alias and a merge key, in an included file
// and in an extended one; and values a cast must not touch.
var castProject = map[string]string{
	".env": "PRIV=true\nRO=false\nPIDS=100\nCPUS=0.5\nRETRIES=3\nPORT=8080\nEXT=true\n",
	"compose.yaml": `
name: ${PROJECT:-My_Casts}
include:
  - inc/compose.yaml
x-base: &base
  privileged: ${PRIV}
  read_only: "${RO}"
services:
  web:
    <<: *base
    image: nginx:1.27
    pids_limit: ${PIDS}
    cpus: ${CPUS}
    init: "true"
    healthcheck:
      test: ["CMD", "true"]
      retries: ${RETRIES}
    ports:
      - target: ${PORT}
        published: "80"
    volumes:
      - type: bind
        source: ./data
        target: /data
        read_only: ${RO}
    ulimits:
      nofile:
        soft: "1024"
        hard: ${PIDS}
      nproc: "65535"
    environment:
      privileged: "yes"
  worker:
    extends:
      file: base.yaml
      service: base
    image: busybox
    oom_kill_disable: true
networks:
  ext:
    external: ${EXT}
`,
	"base.yaml": `
services:
  base:
    privileged: "${PRIV}"
    tty: "true"
    stdin_open: ${RO}
`,
	"inc/compose.yaml": `
services:
  job:
    image: alpine
    read_only: ${RO}
    deploy:
      replicas: "2"
      resources:
        limits:
          pids: 10
`,
}

// TestShortcutsChangeNothing loads projects with and without the
// load-time shortcuts (the trimmed cast table): documents, provenance,
// warnings and errors must be the same.
func TestShortcutsChangeNothing(t *testing.T) {
	t.Parallel()
	type project struct {
		name  string
		dir   string
		files []string
	}
	projects := []project{{"casts", writeProject(t, castProject), []string{"compose.yaml"}}}
	bad := writeProject(t, map[string]string{"compose.yaml": "services:\n  web:\n    image: x\n    privileged: \"maybe\"\n    pids_limit: ${N:-many}\n"})
	projects = append(projects, project{"bad-cast", bad, []string{"compose.yaml"}})
	// project names: from the last file that sets one, interpolated,
	// normalised; a bad interpolation; none (the directory's name)
	names := writeProject(t, map[string]string{
		"a.yaml": "name: first\nservices:\n  web:\n    image: x\n",
		"b.yaml": "name: \"${N:-Second-Name}\"\nservices:\n  web:\n    image: y\n---\nname: ''\n",
		"c.yaml": "services:\n  web:\n    user: root\n",
		"d.yaml": "name: ${N:-a}${\nservices: {}\n",
		"e.yaml": "name: [not, a, string]\nservices:\n  web:\n    image: z\n",
	})
	for _, files := range [][]string{{"a.yaml", "b.yaml", "c.yaml"}, {"b.yaml", "a.yaml"}, {"c.yaml"}, {"d.yaml"}, {"a.yaml", "e.yaml"}, {"e.yaml"}} {
		projects = append(projects, project{"name/" + strings.Join(files, "+"), names, files})
	}
	// every fixture project of this package
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*", "compose.yaml"))
	for _, p := range dirs {
		projects = append(projects, project{filepath.Base(filepath.Dir(p)), filepath.Dir(p), []string{"compose.yaml"}})
	}
	// and the real-world corpus, when it is there
	if _, err := os.Stat(corpusDir); err == nil {
		for _, p := range corpusFiles(t) {
			rel, _ := filepath.Rel(corpusDir, p)
			projects = append(projects, project{"corpus/" + rel, filepath.Dir(p), []string{filepath.Base(p)}})
		}
	}
	sort.Slice(projects, func(i, j int) bool { return projects[i].name < projects[j].name })
	for _, p := range projects {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			abs, _ := filepath.Abs(p.dir)
			var files []compose.File
			for _, n := range p.files {
				files = append(files, compose.File{Path: filepath.Join(abs, n)})
			}
			opts := compose.Options{WorkDir: abs}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			want, wantErr := compose.LoadWithoutShortcuts(ctx, files, opts)
			got, gotErr := compose.Load(ctx, files, opts)
			if (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("error: want %v, got %v", wantErr, gotErr)
			}
			if wantErr != nil {
				// compose-go reports the first of several validation
				// errors in map order, which varies from run to run: the
				// error must be one the reference load can give
				seen := map[string]bool{wantErr.Error(): true}
				for i := 0; i < 50 && !seen[gotErr.Error()]; i++ {
					if _, err := compose.LoadWithoutShortcuts(ctx, files, opts); err != nil {
						seen[err.Error()] = true
					}
				}
				if !seen[gotErr.Error()] {
					t.Fatalf("error: want one of %v, got %v", seen, gotErr)
				}
				return
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("document (-without +with shortcuts):\n%s", d)
			}
			if p.name == "casts" {
				// the casts did happen: bools, ints and floats from strings
				doc := jsonValue(t, got.Value)
				if name := get(doc, "project.name"); name != "my_casts" {
					t.Errorf("project name %v", name)
				}
				for path, want := range map[string]any{
					"containers[0].read_only_rootfs":        false,
					"containers[0].resources.pids_limit":    10.0,
					"containers[1].privileged":              true,
					"containers[1].read_only_rootfs":        false,
					"containers[1].init":                    true,
					"containers[1].resources.pids_limit":    100.0,
					"containers[1].resources.cpus":          0.5,
					"containers[1].ports[0].container_port": 8080.0,
					"containers[1].ulimits.nofile.soft":     1024.0,
					"containers[1].ulimits.nproc.hard":      65535.0,
					"containers[1].mounts[0].read_only":     false,
					"containers[1].environment[0].value":    "yes",
					"containers[2].privileged":              true,
					"networks[1].external":                  true,
				} {
					if got := get(doc, path); !cmp.Equal(want, got) {
						t.Errorf("%s = %#v, want %#v", path, got, want)
					}
				}
			}
		})
	}
}
