package runner_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/runner"
)

// TestDiscoverDedupe: a file named twice, or a compose override named
// beside its base, is checked once.
func TestDiscoverDedupe(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"compose.yaml":          "services:\n  web:\n    image: nginx:1\n",
		"compose.override.yaml": "services:\n  web:\n    privileged: true\n",
		"other.yaml":            "services:\n  db:\n    image: postgres:16\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base, override, other := filepath.Join(dir, "compose.yaml"), filepath.Join(dir, "compose.override.yaml"), filepath.Join(dir, "other.yaml")
	tests := []struct {
		name  string
		paths []string
		want  [][]string // files of each target
	}{
		{"base and override", []string{base, override}, [][]string{{base, override}}},
		{"override first", []string{override, base}, [][]string{{base, override}}},
		{"same file twice", []string{other, other}, [][]string{{other}}},
		{"override alone", []string{override}, [][]string{{override}}},
		{"directory and file", []string{dir, other}, [][]string{{base, override}, {other}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			targets, errs := runner.Discover(tt.paths, nil, nil, 0)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var got [][]string
			for _, tg := range targets {
				var files []string
				for _, f := range tg.Files {
					files = append(files, f.Path)
				}
				got = append(got, files)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
