package runner

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/report"
)

// Target is one project to check: its compose files, merged in order.
type Target struct {
	Name  string // how the target is reported
	Files []compose.File
}

// skipDirs are never searched.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// IsComposeName reports whether a file name is one a directory search
// picks up: compose.yaml, compose.yml, docker-compose.yaml,
// docker-compose.yml, compose.*.yaml and docker-compose.*.yml (and the
// other extension of each).
func IsComposeName(name string) bool {
	ext := filepath.Ext(name)
	if ext != ".yaml" && ext != ".yml" {
		return false
	}
	base := strings.TrimSuffix(name, ext)
	return base == "compose" || base == "docker-compose" ||
		strings.HasPrefix(base, "compose.") || strings.HasPrefix(base, "docker-compose.")
}

// Discover turns command-line paths into targets: "-" is standard input,
// a file is a project (with the override file docker compose would merge
// beside it), a directory is searched recursively. group, when not empty,
// is one project made of several files (-f a -f b). Paths that cannot be
// used become errors; the rest are still returned.
func Discover(paths, group []string, stdin io.Reader, maxSize int64) ([]Target, []report.Error) {
	var targets []Target
	var errs []report.Error
	if len(group) > 0 {
		t := Target{Name: group[0]}
		for _, p := range group {
			if p == "-" {
				data, err := readStdin(stdin, maxSize)
				if err != nil {
					errs = append(errs, report.Error{File: compose.StdinName, Message: err.Error()})
					continue
				}
				t.Files = append(t.Files, compose.File{Path: compose.StdinName, Content: data})
				continue
			}
			t.Files = append(t.Files, compose.File{Path: p})
		}
		if len(t.Files) > 0 {
			targets = append(targets, t)
		}
	}
	stdinUsed := false
	for _, p := range paths {
		if p == "-" && stdinUsed {
			errs = append(errs, report.Error{File: compose.StdinName, Message: "standard input (-) named more than once"})
			continue
		}
		if p == "-" {
			stdinUsed = true
			data, err := readStdin(stdin, maxSize)
			if err != nil {
				errs = append(errs, report.Error{File: compose.StdinName, Message: err.Error()})
				continue
			}
			targets = append(targets, Target{Name: compose.StdinName, Files: []compose.File{{Path: compose.StdinName, Content: data}}})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: pathErr(err)})
			continue
		}
		if !st.IsDir() {
			targets = append(targets, fileTarget(p))
			continue
		}
		found, err := walk(p)
		if err != nil {
			errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: pathErr(err)})
		}
		if len(found) == 0 && err == nil {
			errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: "no compose files found in this directory"})
		}
		targets = append(targets, found...)
	}
	return targets, errs
}

// fileTarget is a project of one file plus its default override.
func fileTarget(p string) Target {
	t := Target{Name: filepath.ToSlash(p), Files: []compose.File{{Path: p}}}
	if o := compose.OverrideFor(p); o != "" {
		t.Files = append(t.Files, compose.File{Path: o})
	}
	return t
}

// walk finds compose files under dir. Symbolic links are not followed, so
// a link loop cannot trap the search. An override file whose base exists
// beside it is merged into the base's project, not checked alone.
func walk(dir string) ([]Target, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // an unreadable subdirectory: skip it
		}
		if d.IsDir() {
			if p != dir && skipDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && IsComposeName(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	present := map[string]bool{}
	for _, f := range files {
		present[f] = true
	}
	var out []Target
	for _, f := range files {
		if compose.IsOverride(f) && hasBase(f, present) {
			continue
		}
		out = append(out, fileTarget(f))
	}
	return out, err
}

func hasBase(override string, present map[string]bool) bool {
	dir := filepath.Dir(override)
	for _, base := range []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"} {
		if present[filepath.Join(dir, base)] && compose.OverrideFor(filepath.Join(dir, base)) == override {
			return true
		}
	}
	return false
}

func readStdin(r io.Reader, maxSize int64) ([]byte, error) {
	if r == nil {
		return nil, errors.New("no standard input")
	}
	if maxSize <= 0 {
		maxSize = compose.DefaultMaxFileSize
	}
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if int64(len(data)) > maxSize {
		return nil, fmt.Errorf("standard input: %w (limit %d bytes)", inputs.ErrTooLarge, maxSize)
	}
	return data, nil
}

func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrNotExist) {
			return "no such file or directory"
		}
		return pe.Err.Error()
	}
	return err.Error()
}
