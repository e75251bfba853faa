package compose_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/compose"
)

// TestProvenance checks the file:line recorded for normalised paths: the
// key that won the merge, for every way a compose project layers keys.
func TestProvenance(t *testing.T) {
	t.Parallel()
	type check struct {
		path string // normalised path
		want string // Provenance.Lookup result; "" = nothing recorded
		// exact: the path itself must (want != "") or must not (want ==
		// "") be recorded, without falling back to an ancestor.
		exact bool
	}
	tests := []struct {
		name   string
		dir    string
		files  []string
		checks []check
	}{
		{
			name: "base file", dir: "prov-base", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0]", want: "compose.yaml:3:3"},
				{path: "containers[0].image", want: "compose.yaml:4:5"},
				{path: "containers[0].privileged", want: "compose.yaml:5:5"},
				{path: "containers[0].user", want: "compose.yaml:6:5"},
				{path: "containers[0].cap_add", want: "compose.yaml:7:5"},
				{path: "containers[0].cap_add[0]", want: "compose.yaml:8:9"},
				{path: "containers[0].ports[0]", want: "compose.yaml:10:9"},
				{path: "containers[0].ports[0].host_port", want: "compose.yaml:10:9"},
				{path: "containers[0].mounts[0].source", want: "compose.yaml:12:9"},
				{path: "containers[0].environment[0]", want: "compose.yaml:14:7"},
			},
		},
		{
			name: "override file wins", dir: "prov-override", files: []string{"compose.yaml", "compose.override.yaml"},
			checks: []check{
				{path: "containers[0]", want: "compose.yaml:3:3"},
				{path: "containers[0].privileged", want: "compose.override.yaml:4:5", exact: true},
				{path: "containers[0].user", want: "compose.yaml:6:5", exact: true},
				{path: "containers[0].image", want: "compose.yaml:4:5", exact: true},
				{path: "containers[0].cap_add[0]", want: "compose.yaml:8:9", exact: true},
				{path: "containers[0].cap_add[1]", want: "compose.override.yaml:6:9", exact: true},
				{path: "containers[0].ports[0]", want: "compose.yaml:10:9", exact: true},
				{path: "containers[0].ports[1]", want: "compose.override.yaml:8:9", exact: true},
			},
		},
		{
			name: "extends from another file", dir: "prov-extends", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0]", want: "compose.yaml:3:3"},
				{path: "containers[0].privileged", want: "common.yml:5:5", exact: true},
				{path: "containers[0].cap_add[0]", want: "common.yml:7:9", exact: true},
				{path: "containers[0].user", want: "compose.yaml:8:5", exact: true},
				{path: "containers[0].image", want: "compose.yaml:7:5", exact: true},
			},
		},
		{
			name: "include", dir: "prov-include", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0]", want: "sub/included.yaml:3:3", exact: true},
				{path: "containers[0].privileged", want: "sub/included.yaml:5:5", exact: true},
				{path: "containers[0].mounts[0]", want: "sub/included.yaml:7:9", exact: true},
				{path: "containers[1]", want: "compose.yaml:5:3", exact: true},
				{path: "containers[1].image", want: "compose.yaml:6:5", exact: true},
			},
		},
		{
			name: "anchor and merge key", dir: "prov-anchor", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0]", want: "compose.yaml:8:3"},
				{path: "containers[0].privileged", want: "compose.yaml:3:3", exact: true},
				{path: "containers[0].cap_add[0]", want: "compose.yaml:5:7", exact: true},
				// an explicit key beside the merge key wins over the anchor's
				{path: "containers[0].restart", want: "compose.yaml:11:5", exact: true},
				{path: "containers[0].image", want: "compose.yaml:10:5", exact: true},
			},
		},
		{
			name: "reset in override", dir: "prov-reset", files: []string{"compose.yaml", "compose.override.yaml"},
			checks: []check{
				{path: "containers[0].privileged", exact: true},
				{path: "containers[0].privileged", want: "compose.yaml:3:3"}, // the service, not line 5
				{path: "containers[0].cap_add", exact: true},
				{path: "containers[0].ports", exact: true},
				{path: "containers[0].user", want: "compose.yaml:10:5", exact: true},
			},
		},
		{
			name: "reset of a parent mapping", dir: "prov-reset-parent", files: []string{"compose.yaml", "compose.override.yaml"},
			checks: []check{
				{path: "containers[0].resources.memory", exact: true},
				{path: "containers[0].restart", exact: true},
				{path: "containers[0].logging", want: "compose.override.yaml:5:5", exact: true},
			},
		},
		{
			name: "override tag replaces a list", dir: "prov-override-tag", files: []string{"compose.yaml", "compose.override.yaml"},
			checks: []check{
				{path: "containers[0].cap_add", want: "compose.override.yaml:4:5", exact: true},
				{path: "containers[0].cap_add[0]", want: "compose.override.yaml:5:9", exact: true},
				{path: "containers[0].cap_add[1]", exact: true},
			},
		},
		{
			name: "chain of extends", dir: "prov-extends-chain", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0].privileged", want: "base.yml:5:5", exact: true},
				{path: "containers[0].user", want: "base.yml:9:5", exact: true},
				{path: "containers[0].read_only_rootfs", want: "compose.yaml:6:5", exact: true},
			},
		},
		{
			name: "ports that share a container port", dir: "prov-ports", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0].ports[0]", want: "compose.yaml:6:9", exact: true},
				{path: "containers[0].ports[1]", want: "compose.yaml:7:9", exact: true},
				{path: "containers[0].ports[2]", want: "compose.yaml:8:9", exact: true},
				{path: "containers[0].ports[3]", want: "compose.yaml:8:9", exact: true},
				{path: "containers[0].ports[4]", want: "compose.yaml:9:9", exact: true},
				{path: "containers[0].ports[5]", want: "compose.yaml:11:9", exact: true},
			},
		},
		{
			name: "security options that share a name", dir: "prov-security", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0].security.options[0]", want: "compose.yaml:6:9", exact: true},
				{path: "containers[0].security.options[1]", want: "compose.yaml:7:9", exact: true},
				{path: "containers[0].security.options[2]", want: "compose.yaml:8:9", exact: true},
				{path: "containers[0].security.seccomp", want: "compose.yaml:8:9", exact: true},
			},
		},
		{
			name: "deploy limits win", dir: "prov-deploy", files: []string{"compose.yaml"},
			checks: []check{
				{path: "containers[0].resources.memory", want: "compose.yaml:10:11", exact: true},
				{path: "containers[0].resources.pids_limit", want: "compose.yaml:6:5", exact: true},
				{path: "containers[0].resources.cpus", exact: true},
			},
		},
		{
			name: "top-level volume", dir: "prov-base-volumes", files: []string{"compose.yaml"},
			checks: []check{
				{path: "volumes[0]", want: "compose.yaml:9:3", exact: true},
				{path: "containers[0].mounts[0]", want: "compose.yaml:7:9", exact: true},
				{path: "containers[0].mounts[1]", want: "compose.yaml:5:12", exact: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := mustLoad(t, filepath.Join("testdata", tt.dir), tt.files, compose.Options{})
			for _, c := range tt.checks {
				var got string
				if c.exact {
					if p, ok := doc.Provenance[c.path]; ok {
						got = p.String()
					}
				} else if p, ok := doc.Provenance.Lookup(c.path); ok {
					got = p.String()
				}
				if got != c.want {
					t.Errorf("provenance of %s (exact %v) = %q, want %q", c.path, c.exact, got, c.want)
				}
			}
		})
	}
}

// TestOrigin checks each container's origin in the document itself: the
// file and line of its service key, relative to WorkDir.
func TestOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		dir   string
		files []string
		want  string // JSON list of origins
	}{
		{"base", "prov-base", []string{"compose.yaml"}, `[{"kind":"service","file":"compose.yaml","line":3}]`},
		{"override", "prov-override", []string{"compose.yaml", "compose.override.yaml"}, `[{"kind":"service","file":"compose.yaml","line":3}]`},
		{"include", "prov-include", []string{"compose.yaml"}, `[
			{"kind":"service","file":"sub/included.yaml","line":3},
			{"kind":"service","file":"compose.yaml","line":5}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := mustLoad(t, filepath.Join("testdata", tt.dir), tt.files, compose.Options{})
			var got []any
			for i := range doc.Containers() {
				got = append(got, get(jsonValue(t, doc.Value), fmt.Sprintf("containers[%d].origin", i)))
			}
			if diff := cmp.Diff(mustJSON(t, tt.want), any(got)); diff != "" {
				t.Errorf("origins (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSourceFiles checks source.files: every contributing file, relative
// to WorkDir, in load order.
func TestSourceFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		dir     string
		files   []string
		workDir string // relative to the fixture directory; "" = the directory itself
		want    string
	}{
		{"override", "prov-override", []string{"compose.yaml", "compose.override.yaml"}, "",
			`{"path":"compose.yaml","adapter":"compose","files":["compose.yaml","compose.override.yaml"]}`},
		{"extends", "prov-extends", []string{"compose.yaml"}, "",
			`{"path":"compose.yaml","adapter":"compose","files":["compose.yaml","common.yml"]}`},
		{"include", "prov-include", []string{"compose.yaml"}, "",
			`{"path":"compose.yaml","adapter":"compose","files":["compose.yaml","sub/included.yaml"]}`},
		{"work dir above the project", "prov-include", []string{"compose.yaml"}, "..",
			`{"path":"prov-include/compose.yaml","adapter":"compose","files":["prov-include/compose.yaml","prov-include/sub/included.yaml"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir, _ := filepath.Abs(filepath.Join("testdata", tt.dir))
			opts := compose.Options{WorkDir: filepath.Join(dir, tt.workDir)}
			doc := mustLoad(t, dir, tt.files, opts)
			got := get(jsonValue(t, doc.Value), "source")
			if diff := cmp.Diff(mustJSON(t, tt.want), got); diff != "" {
				t.Errorf("source (-want +got):\n%s", diff)
			}
			if doc.Path != get(got, "path") {
				t.Errorf("Document.Path = %q, want source.path %q", doc.Path, get(got, "path"))
			}
		})
	}
}

// TestWorkDirAboveProject: file positions are relative to WorkDir, paths
// inside the document relative to the project root.
func TestWorkDirAboveProject(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{
		"app/compose.yaml": "# a project below the working directory\nservices:\n  web:\n    image: nginx\n    volumes: [./data:/data]\n    secrets: [db]\nsecrets:\n  db:\n    file: ./db.txt\n",
	})
	doc := mustLoad(t, dir, []string{"app/compose.yaml"}, compose.Options{})
	v := jsonValue(t, doc.Value)
	for path, want := range map[string]string{
		"source.path":                    `"app/compose.yaml"`,
		"containers[0].origin.file":      `"app/compose.yaml"`,
		"containers[0].mounts[0].source": `"./data"`,
		"secrets[0].file":                `"db.txt"`,
	} {
		if diff := cmp.Diff(mustJSON(t, want), get(v, path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	if p, _ := doc.Provenance.Lookup("containers[0].mounts[0]"); p.String() != "app/compose.yaml:5:15" {
		t.Errorf("provenance = %s, want app/compose.yaml:5:15", p)
	}
}

// TestRelativeWorkDir: a relative WorkDir still yields relative paths.
func TestRelativeWorkDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "prov-include")
	doc, err := compose.Load(t.Context(), []compose.File{{Path: filepath.Join(dir, "compose.yaml")}}, compose.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	checkDoc(t, doc, abs)
	if p, _ := doc.Provenance.Lookup("containers[0].privileged"); p.String() != "sub/included.yaml:5:5" {
		t.Errorf("provenance = %s, want sub/included.yaml:5:5", p)
	}
}
