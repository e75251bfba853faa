package runner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/runner"
)

func TestKindForName(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"compose.yaml": runner.KindCompose, "docker-compose.prod.yml": runner.KindCompose,
		"Dockerfile": runner.KindDockerfile, "dockerfile": runner.KindDockerfile,
		"Dockerfile.dev": runner.KindDockerfile, "api.Dockerfile": runner.KindDockerfile,
		"Containerfile": runner.KindDockerfile, "Containerfile.arm64": runner.KindDockerfile,
		"daemon.json": runner.KindDaemon,
		// the content decides
		"Dockerfile.dockerignore": "", "info.json": "", "inspect.json": "", "app.yaml": "", "Dockerfiles": "",
	}
	for name, want := range tests {
		if got := runner.KindForName(name); got != want {
			t.Errorf("KindForName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"inspect array", `[{"Id": "abc", "Config": {}, "HostConfig": {}}]`, runner.KindInspect},
		{"image inspect", `[{"Id": "sha256:abc", "RepoTags": ["x:1"]}]`, runner.KindInspect},
		{"inspect object", `{"Id": "abc", "Config": {}, "HostConfig": {}}`, runner.KindInspect},
		{"docker info", `{"ID": "x", "ServerVersion": "27.3.1", "SecurityOptions": []}`, runner.KindInfo},
		{"daemon.json", "\xEF\xBB\xBF{\"icc\": false}", runner.KindDaemon},
		{"daemon.json other keys", `{"registry-mirrors": ["https://mirror.gcr.io"]}`, runner.KindDaemon},
		{"compose JSON", `{"services": {"web": {"image": "nginx"}}}`, runner.KindCompose},
		{"Dockerfile", "# syntax=docker/dockerfile:1\n\nFROM alpine:3.20\nRUN true\n", runner.KindDockerfile},
		{"Dockerfile with global ARG", "ARG V=1 \\\n  W=2\nARG X\nfrom alpine:$V\n", runner.KindDockerfile},
		{"compose YAML", "# app\nservices:\n  web:\n    image: nginx\n", runner.KindCompose},
		{"unknown JSON", `{"name": "x"}`, ""},
		{"JSON array of strings", `["a"]`, ""},
		{"YAML without services", "name: x\n", ""},
		{"text starting with RUN", "RUN echo\nFROM x\n", ""},
		{"empty", "  \n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := runner.Sniff([]byte(tt.data)); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

// writeTree writes files (path -> content) under a temporary directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	composeText    = "services:\n  web:\n    image: nginx:1.27\n"
	dockerfileText = "FROM alpine:3.20\nUSER 10001\n"
	daemonText     = "{\"icc\": false}\n"
	infoText       = `{"ID": "X", "ServerVersion": "27.3.1", "SecurityOptions": ["name=seccomp,profile=builtin"]}`
	inspectText    = `[{"Id": "abc", "Name": "/web", "Config": {"Image": "nginx:1.27"}, "HostConfig": {}}]`
)

func TestDiscoverKinds(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{
		"compose.yaml":          composeText,
		"Dockerfile":            dockerfileText,
		"etc/daemon.json":       daemonText,
		"saved/info.json":       infoText,
		"saved/containers.json": inspectText,
		"saved/app.Dockerfile":  dockerfileText,
		"saved/build.txt":       dockerfileText,
		"saved/odd.json":        `{"name": "x"}`,
		"saved/app.yml":         composeText,
	})
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	tests := []struct {
		name  string
		paths []string
		opts  runner.DiscoverOptions
		want  []string // "kind name-relative-to-dir"
		errs  []string
	}{
		{"by name and content", []string{p("compose.yaml"), p("Dockerfile"), p("etc/daemon.json"), p("saved/info.json"), p("saved/containers.json"), p("saved/build.txt"), p("saved/app.yml")}, runner.DiscoverOptions{},
			[]string{"compose compose.yaml", "dockerfile Dockerfile", "daemon etc/daemon.json", "info saved/info.json", "inspect saved/containers.json", "dockerfile saved/build.txt", "compose saved/app.yml"}, nil},
		{"unknown JSON", []string{p("saved/odd.json")}, runner.DiscoverOptions{}, nil, []string{"cannot tell what kind of input this is"}},
		{"--kind forces", []string{p("saved/odd.json"), p("saved/build.txt")}, runner.DiscoverOptions{Kind: runner.KindDaemon},
			[]string{"daemon saved/odd.json", "daemon saved/build.txt"}, nil},
		{"directory", []string{dir}, runner.DiscoverOptions{},
			[]string{"dockerfile Dockerfile", "compose compose.yaml", "daemon etc/daemon.json", "dockerfile saved/app.Dockerfile"}, nil},
		{"directory, --kind dockerfile", []string{dir}, runner.DiscoverOptions{Kind: runner.KindDockerfile},
			[]string{"dockerfile Dockerfile", "dockerfile saved/app.Dockerfile"}, nil},
		{"directory without inputs", []string{p("saved")}, runner.DiscoverOptions{Kind: runner.KindDaemon}, nil, []string{"no daemon.json found in this directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			targets, errs := runner.DiscoverWith(tt.paths, nil, nil, tt.opts)
			var got []string
			for _, tg := range targets {
				rel, _ := filepath.Rel(dir, filepath.FromSlash(tg.Name))
				got = append(got, tg.Kind+" "+filepath.ToSlash(rel))
			}
			if tt.name == "directory" || strings.HasPrefix(tt.name, "directory,") {
				sort.Strings(got)
				sort.Strings(tt.want)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
			var gotErrs []string
			for _, e := range errs {
				gotErrs = append(gotErrs, e.Message)
			}
			if len(gotErrs) != len(tt.errs) {
				t.Fatalf("errors %q, want %q", gotErrs, tt.errs)
			}
			for i := range tt.errs {
				if !strings.Contains(gotErrs[i], tt.errs[i]) {
					t.Errorf("error %q does not say %q", gotErrs[i], tt.errs[i])
				}
			}
		})
	}
}

func TestDiscoverStdinKind(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		data, kind, want string
	}{
		{dockerfileText, "", runner.KindDockerfile},
		{composeText, "", runner.KindCompose},
		{infoText, "", runner.KindInfo},
		{`{"x": 1}`, runner.KindDaemon, runner.KindDaemon},
		{"not: compose\n", "", runner.KindCompose}, // as before: compose's own error
	} {
		targets, errs := runner.DiscoverWith([]string{"-"}, nil, strings.NewReader(tt.data), runner.DiscoverOptions{Kind: tt.kind})
		if len(errs) != 0 || len(targets) != 1 || targets[0].Kind != tt.want {
			t.Errorf("stdin %q: targets %+v errors %+v, want one of kind %s", tt.data, targets, errs, tt.want)
		}
	}
	if _, errs := runner.DiscoverWith([]string{"-"}, nil, strings.NewReader(`{"x": 1}`), runner.DiscoverOptions{}); len(errs) != 1 {
		t.Errorf("unknown JSON on stdin: errors %+v, want one", errs)
	}
}

// TestLoadKinds loads one target of each kind through the runner: the
// adapter of the kind decodes it, and the document names the file
// relative to the working directory.
func TestLoadKinds(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{
		"Dockerfile":      dockerfileText,
		"daemon.json":     daemonText,
		"info.json":       infoText,
		"inspect.json":    inspectText,
		"bad/daemon.json": "{\n  \"icc\": false,\n",
	})
	r := &runner.Runner{}
	r.Compose.WorkDir = dir
	for _, tt := range []struct {
		file, kind, docKind string
	}{
		{"Dockerfile", runner.KindDockerfile, inputs.KindDockerfile},
		{"daemon.json", runner.KindDaemon, inputs.KindDaemon},
		{"info.json", runner.KindInfo, inputs.KindDaemon},
		{"inspect.json", runner.KindInspect, inputs.KindContainer},
	} {
		doc, err := r.Load(context.Background(), runner.Target{Name: tt.file, Kind: tt.kind, Files: []compose.File{{Path: filepath.Join(dir, tt.file)}}})
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if doc.Kind() != tt.docKind || doc.Path != tt.file {
			t.Errorf("%s: kind %q path %q, want %q %q", tt.file, doc.Kind(), doc.Path, tt.docKind, tt.file)
		}
	}
	_, err := r.Load(context.Background(), runner.Target{Name: "bad/daemon.json", Kind: runner.KindDaemon, Files: []compose.File{{Path: filepath.Join(dir, "bad", "daemon.json")}}})
	var se *inputs.SourceError
	if !errors.As(err, &se) || se.Pos.String() != "bad/daemon.json:2:16" {
		t.Errorf("truncated daemon.json: %v, want an error at bad/daemon.json:2:16", err)
	}
	_, err = r.Load(context.Background(), runner.Target{Name: "x", Kind: "bogus", Files: []compose.File{{Path: "x"}}})
	if err == nil {
		t.Error("unknown kind loaded")
	}
}

func TestDocumentKinds(t *testing.T) {
	targets := []runner.Target{{Kind: ""}, {Kind: runner.KindCompose}, {Kind: runner.KindInfo}, {Kind: runner.KindDockerfile}, {Kind: runner.KindDaemon}}
	want := []string{"compose", "daemon", "dockerfile", "image"}
	if got := runner.DocumentKinds(targets); !slices.Equal(want, got) {
		t.Errorf("DocumentKinds = %v, want %v", got, want)
	}
	if got := runner.DocumentKinds([]runner.Target{{Kind: runner.KindInspect}}); !slices.Equal([]string{"container", "image"}, got) {
		t.Errorf("inspect: %v", got)
	}
}
