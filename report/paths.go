package report

import (
	"os"
	"path"
	"path/filepath"
)

// RepoBase returns the directory dir relative to the root of the git work
// tree that holds it, with forward slashes: "" when dir is the root or lies
// in no work tree (then dir itself is the root). A work tree is found by
// its .git entry, a directory or (in linked work trees and submodules) a
// file, so no git binary is needed.
func RepoBase(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			rel, err := filepath.Rel(d, abs)
			if err != nil || rel == "." {
				return ""
			}
			return filepath.ToSlash(rel)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// stdinName is how the runner names standard input (compose.StdinName):
// not a file a repository holds.
const stdinName = "<stdin>"

// repoPath names file (relative to the working directory, as findings do)
// relative to the repository root, with forward slashes.
func (o Options) repoPath(file string) string {
	if file == "" || file == stdinName || file == "-" {
		return file
	}
	file = filepath.ToSlash(file)
	if path.IsAbs(file) || o.BaseDir == "" {
		return file
	}
	return path.Join(o.BaseDir, file)
}

// isFile reports whether a report's file name is a file (not standard
// input, not a live engine's container or daemon).
func isFile(r *Report, file string) bool {
	return r.Engine == nil && file != "" && file != stdinName && file != "-"
}
