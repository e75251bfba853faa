package compose_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/compose"
)

// TestIncludeEnvironment: an included project is interpolated with its
// own .env as compose does, so its variables are neither unset warnings
// nor empty, and the including project's values win.
func TestIncludeEnvironment(t *testing.T) {
	t.Parallel()
	doc := mustLoad(t, filepath.Join("testdata", "include-env"), []string{"compose.yaml"}, compose.Options{StrictEnv: true})
	if len(doc.Warnings) != 0 {
		t.Errorf("warnings: %v", doc.Warnings)
	}
	v := jsonValue(t, doc.Value)
	for path, want := range map[string]string{
		"containers[0].name":        `"db"`,
		"containers[0].image.ref":   `"postgres:16"`,
		"containers[0].environment": `[{"name":"DB_USER","value_kind":"literal","secret_like":false,"value":"app"},{"name":"SHARED","value_kind":"literal","secret_like":false,"value":"from-root"}]`,
		"containers[1].image.ref":   `"nginx:1.27"`,
	} {
		if diff := cmp.Diff(mustJSON(t, want), get(v, path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
}

// TestProfiles: every service is checked by default, whatever its
// profile; Options.Profiles narrows them as docker compose --profile does.
func TestProfiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		profiles []string
		want     []string
	}{
		{"default: all profiles", nil, []string{"web", "debug"}},
		{"other profile", []string{"other"}, []string{"web"}},
		{"debug profile", []string{"debug"}, []string{"web", "debug"}},
		{"wildcard", []string{"*"}, []string{"web", "debug"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := mustLoad(t, filepath.Join("testdata", "profiles"), []string{"compose.yaml"}, compose.Options{Profiles: tt.profiles})
			var got []string
			for _, c := range doc.Containers() {
				got = append(got, c["name"].(string))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("containers (-want +got):\n%s", diff)
			}
		})
	}
}

// TestContent: files given as content (standard input) load like files
// in WorkDir, and several of them stay distinct.
func TestContent(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{".env": "TAG=1.27\n"})
	files := []compose.File{
		{Path: compose.StdinName, Content: []byte("# from stdin\nservices:\n  web:\n    image: nginx:${TAG}\n    user: app\n")},
		{Path: "override.yaml", Content: []byte("# second file\nservices:\n  web:\n    privileged: true\n")},
	}
	doc, err := compose.Load(t.Context(), files, compose.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, dir)
	v := jsonValue(t, doc.Value)
	for path, want := range map[string]string{
		"source":                   `{"path":"<stdin>","adapter":"compose","files":["<stdin>","override.yaml"]}`,
		"containers[0].image.ref":  `"nginx:1.27"`,
		"containers[0].user":       `"app"`,
		"containers[0].privileged": `true`,
	} {
		if diff := cmp.Diff(mustJSON(t, want), get(v, path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	for path, want := range map[string]string{
		"containers[0].user":       "<stdin>:5:5",
		"containers[0].privileged": "override.yaml:4:5",
	} {
		if got := doc.Provenance[path].String(); got != want {
			t.Errorf("provenance %s = %s, want %s", path, got, want)
		}
	}
}

// TestOverrideFor: the default override file is found beside the base.
func TestOverrideFor(t *testing.T) {
	t.Parallel()
	dir, _ := filepath.Abs(filepath.Join("testdata", "prov-override"))
	tests := []struct {
		path string
		want string
	}{
		{filepath.Join(dir, "compose.yaml"), filepath.Join(dir, "compose.override.yaml")},
		{filepath.Join(dir, "compose.override.yaml"), ""},
		{filepath.Join(dir, "docker-compose.yml"), ""},
	}
	for _, tt := range tests {
		if got := compose.OverrideFor(tt.path); got != tt.want {
			t.Errorf("OverrideFor(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
	for name, want := range map[string]bool{"compose.override.yaml": true, "docker-compose.override.yml": true, "compose.yaml": false, "override.yaml": false} {
		if got := compose.IsOverride(filepath.Join(dir, name)); got != want {
			t.Errorf("IsOverride(%s) = %v, want %v", name, got, want)
		}
	}
}
