package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dockpol/dockpol/report"
)

func TestRepoBase(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) string {
		d := filepath.Join(root, p)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	mk("repo/.git")
	mk("repo/services/shop")
	mk("linked/deploy")
	// a linked work tree or submodule has a .git file
	if err := os.WriteFile(filepath.Join(root, "linked", ".git"), []byte("gitdir: /elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mk("plain/dir")
	tests := []struct{ dir, want string }{
		{"repo", ""},
		{"repo/services/shop", "services/shop"},
		{"linked/deploy", "deploy"},
		{"plain/dir", ""}, // no work tree: the directory itself is the root
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			// a work tree above the temporary directory would change the
			// answer for plain/dir
			if tt.dir == "plain/dir" && report.RepoBase(root) != "" {
				t.Skip("the temporary directory lies in a git work tree")
			}
			if got := report.RepoBase(filepath.Join(root, tt.dir)); got != tt.want {
				t.Errorf("RepoBase(%s) = %q, want %q", tt.dir, got, tt.want)
			}
		})
	}
}
