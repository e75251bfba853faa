package inputs

import (
	"os"
	"path/filepath"
	"strings"
)

// GitWorkTree returns the closest directory at or above dir holding a
// .git entry (a directory, or the file of a worktree or submodule), or
// "". It is the default root: the directory inputs may refer into.
func GitWorkTree(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// RealPath returns p absolute with symbolic links resolved as far as they
// exist: a missing file is judged by where its existing parent leads.
func RealPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(RealPath(parent), filepath.Base(p))
}

// Within reports whether p is root or lies below it, both with symbolic
// links resolved (RealPath).
func Within(root, p string) bool {
	rel, err := filepath.Rel(RealPath(root), RealPath(p))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel)
}
