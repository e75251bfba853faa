package compose_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

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

// passesProject exercises what compose-go's default values and
// relative-path passes change, which loadTrimmed runs on a trimmed model
// after Normalize: build contexts (missing, relative, remote, from
// another service), additional contexts, ssh keys, env_file and
// label_file, extends from another directory, watch paths, bind mounts
// short and long (create_host_path), secrets and configs (default target,
// relative file), ports (default protocol and mode), GPU and device
// requests (default count), a local volume bound to a relative device, an
// include from another directory, ~ paths and a job.
var passesProject = map[string]string{
	"compose.yaml": `
include:
  - sub/inc.yaml
services:
  web:
    image: nginx
    build:
      additional_contexts:
        base: ../base
        img: docker-image://alpine
      ssh:
        - default
        - key=./id_rsa
    env_file:
      - app.env
      - path: opt.env
        required: false
    label_file: labels.txt
    ports:
      - "8080:80"
      - target: 443
        published: "8443"
      - target: 53
        protocol: udp
        mode: host
    volumes:
      - ./data:/data
      - ~/cache:/cache
      - type: bind
        source: ./logs
        target: /logs
      - type: bind
        source: /abs
        target: /abs/../x
        bind:
          propagation: rprivate
      - type: volume
        source: vol
        target: /vol
    secrets:
      - token
      - source: cert
        target: /etc/cert.pem
    configs:
      - conf
    gpus:
      - driver: nvidia
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu]
            - capabilities: [gpu]
              count: 2
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
  built:
    build: ./app
  remote:
    build:
      context: https://github.com/docker/compose.git#main
      dockerfile: Dockerfile
  nocontext:
    build:
      dockerfile: other.Dockerfile
  child:
    extends:
      file: ext/base.yaml
      service: base
    environment:
      - FROM_HOST
jobs:
  migrate:
    image: migrate
    triggers:
      manual: true
    volumes:
      - ./migrations:/m
    env_file: app.env
    ports:
      - "9000:9000"
secrets:
  token:
    file: ./token.txt
  cert:
    file: ~/cert.pem
configs:
  conf:
    file: conf/app.conf
volumes:
  vol: {}
  local:
    driver: local
    driver_opts:
      type: none
      o: bind
      device: ./local
  named:
`,
	"app.env":       "A=1\n",
	"labels.txt":    "com.example.team=core\n",
	"ext/base.yaml": "services:\n  base:\n    image: base\n    build: .\n    volumes:\n      - ./ext-data:/d\n    env_file: base.env\n",
	"ext/base.env":  "B=2\n",
	"sub/inc.yaml":  "services:\n  inc:\n    image: inc\n    volumes:\n      - ./inc-data:/d\n    build:\n      context: .\n    ports:\n      - \"7000:7000\"\n",
}

// projectCmp compares compose-go projects whole: unexported fields too,
// and build ssh keys in any order (compose-go decodes them from a map).
var projectCmp = []cmp.Option{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmpopts.SortSlices(func(a, b types.SSHKey) bool { return a.ID < b.ID }),
}

// TestShortcutsChangeNothing loads projects with and without the
// load-time shortcuts (the trimmed cast table, the project name from our
// parse, compose-go's passes over the trimmed model): documents,
// provenance, warnings, errors and compose-go's project must be the same.
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
	projects = append(projects, project{"passes", writeProject(t, passesProject), []string{"compose.yaml"}})
	// and merged with an override file that changes what they change
	override := map[string]string{"override.yaml": `
services:
  web:
    build:
      context: ./web
    ports:
      - target: 8080
    volumes:
      - ./data:/data:ro
      - type: bind
        source: ./more
        target: /more
    env_file: !override
      - other.env
  built:
    volumes:
      - type: bind
        source: ../outside
        target: /o
        bind:
          create_host_path: false
secrets:
  token:
    file: ./token2.txt
`, "other.env": "C=3\n"}
	for k, v := range passesProject {
		override[k] = v
	}
	projects = append(projects, project{"passes+override", writeProject(t, override), []string{"compose.yaml", "override.yaml"}})
	// pre_start hooks copy their service's keys: loaded the ordinary way
	hooks := writeProject(t, map[string]string{
		"compose.yaml": "services:\n  web:\n    image: x\n    build: .\n    volumes: [\"./d:/d\"]\n    ports: [\"80:80\"]\n    env_file: app.env\n    secrets: [token]\n    gpus:\n      - driver: nvidia\n    pre_start:\n      - image: y\n        command: [\"true\"]\nsecrets:\n  token:\n    file: ./token\n",
		"app.env":      "A=1\n",
	})
	projects = append(projects, project{"pre_start", hooks, []string{"compose.yaml"}})
	// errors the passes raise (a bind mount without a source) and errors
	// of the steps they now follow (validation, Normalize)
	for name, content := range map[string]string{
		"bind-without-source":  "services:\n  web:\n    image: x\n    volumes:\n      - type: bind\n        target: /d\n",
		"bad-host-ip":          "services:\n  web:\n    image: x\n    ports:\n      - target: 80\n        host_ip: nope\n    volumes:\n      - type: bind\n        target: /d\n",
		"device-count-and-ids": "services:\n  web:\n    image: x\n    gpus:\n      - count: 1\n        device_ids: [\"0\"]\n",
		"empty-watch-path":     "services:\n  web:\n    image: x\n    develop:\n      watch:\n        - path: \"\"\n          action: sync\n          target: /app\n",
		"secret-short-bad":     "services:\n  web:\n    image: x\n    secrets:\n      - nope\n",
	} {
		projects = append(projects, project{"pass-error/" + name, writeProject(t, map[string]string{"compose.yaml": content}), []string{"compose.yaml"}})
	}
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
	// loadTrimmed must have been taken where it can be, and not where it
	// must not: counted over the subtests, checked when they are done
	var loaded, trimmed atomic.Int32
	t.Cleanup(func() {
		n, tr := loaded.Load(), trimmed.Load()
		t.Logf("compose-go's passes ran trimmed for %d of %d projects that loaded", tr, n)
		if tr < n*3/4 {
			t.Errorf("compose-go's passes ran trimmed for %d of %d projects that loaded; want at least 3/4", tr, n)
		}
	})
	wantTrimmed := map[string]bool{"casts": true, "passes": true, "passes+override": true, "pre_start": false}
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
			want, wantInfo, wantErr := compose.LoadReporting(ctx, files, opts, false)
			got, gotInfo, gotErr := compose.LoadReporting(ctx, files, opts, true)
			if w, ok := wantTrimmed[p.name]; ok && gotInfo.Trimmed != w {
				t.Errorf("loaded trimmed: %v, want %v", gotInfo.Trimmed, w)
			}
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
			loaded.Add(1)
			if gotInfo.Trimmed {
				trimmed.Add(1)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("document (-without +with shortcuts):\n%s", d)
			}
			// compose-go's project too: the document does not show all of it
			if d := cmp.Diff(wantInfo.Project, gotInfo.Project, projectCmp...); d != "" {
				t.Errorf("compose-go project (-without +with shortcuts):\n%s", d)
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
