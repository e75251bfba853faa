package runner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/report"
)

// Target is one input to check: a compose project (its files, merged in
// order), a Dockerfile, a daemon.json, saved docker info or docker
// inspect output (one file each).
type Target struct {
	Name string // how the target is reported
	// Kind is the input kind (KindCompose, ...); "" means compose.
	Kind  string
	Files []compose.File
}

// DiscoverOptions shape DiscoverWith.
type DiscoverOptions struct {
	// MaxSize caps standard input and the files read to tell their kind;
	// default compose.DefaultMaxFileSize.
	MaxSize int64
	// Kind forces the kind of every named file and of standard input;
	// directories are still searched by file name, for files of this kind
	// only. "" tells each input's kind from its name, else its content.
	Kind string
	// Root bounds the symbolic links a directory search follows: a link
	// named like an input is checked as the file it names only when that
	// file lies inside Root (default, as for compose.Options.Root: the git
	// work tree holding the directory, else the working directory when it
	// holds the directory, else the directory).
	Root string
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
	return DiscoverWith(paths, group, stdin, DiscoverOptions{MaxSize: maxSize})
}

// DiscoverWith is Discover with options: a file's kind comes from
// opts.Kind, else its name (compose names, Dockerfile names, daemon.json),
// else its content (see Sniff); content that says nothing is read as a
// compose file, as before there were other kinds, unless it is JSON.
// A directory search finds compose files, Dockerfiles and daemon.json.
func DiscoverWith(paths, group []string, stdin io.Reader, opts DiscoverOptions) ([]Target, []report.Error) {
	maxSize := opts.MaxSize
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
			kind, err := contentKind(opts.Kind, data)
			if err != nil {
				errs = append(errs, report.Error{File: compose.StdinName, Message: err.Error()})
				continue
			}
			targets = append(targets, Target{Name: compose.StdinName, Kind: kind, Files: []compose.File{{Path: compose.StdinName, Content: data}}})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: pathErr(err)})
			continue
		}
		if !st.IsDir() {
			t, err := namedTarget(p, opts)
			if err != nil {
				errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: err.Error()})
				continue
			}
			targets = append(targets, t)
			continue
		}
		found, linkErrs, err := walk(p, opts)
		errs = append(errs, linkErrs...)
		if err != nil {
			errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: pathErr(err)})
		}
		if len(found) == 0 && len(linkErrs) == 0 && err == nil {
			errs = append(errs, report.Error{File: filepath.ToSlash(p), Message: noInputsMessage(opts.Kind)})
		}
		targets = append(targets, found...)
	}
	return dedupe(targets), errs
}

// fileTarget is a project of one file plus its default override.
func fileTarget(p string) Target {
	t := Target{Name: filepath.ToSlash(p), Kind: KindCompose, Files: []compose.File{{Path: p}}}
	if o := compose.OverrideFor(p); o != "" {
		t.Files = append(t.Files, compose.File{Path: o})
	}
	return t
}

// noInputsMessage is the error for a directory without inputs.
func noInputsMessage(kind string) string {
	switch kind {
	case "":
		return "no compose files, Dockerfiles or daemon.json found in this directory"
	case KindCompose:
		return "no compose files found in this directory"
	case KindDockerfile:
		return "no Dockerfiles found in this directory"
	case KindDaemon:
		return "no daemon.json found in this directory"
	}
	return fmt.Sprintf("a directory search finds no %s input by name: name the files", kind)
}

// namedTarget is the target of a file named on the command line.
func namedTarget(p string, opts DiscoverOptions) (Target, error) {
	kind := opts.Kind
	if kind == "" {
		kind = KindForName(filepath.Base(p))
	}
	if kind == "" {
		data, err := readInput(p, opts.MaxSize)
		if err != nil {
			return Target{}, err
		}
		if kind, err = contentKind("", data); err != nil {
			return Target{}, err
		}
		if kind != KindCompose {
			// read once: the adapter takes these bytes
			return Target{Name: filepath.ToSlash(p), Kind: kind, Files: []compose.File{{Path: p, Content: data}}}, nil
		}
	}
	if kind == KindCompose {
		return fileTarget(p), nil
	}
	return Target{Name: filepath.ToSlash(p), Kind: kind, Files: []compose.File{{Path: p}}}, nil
}

// contentKind is forced, else what the content says; content that says
// nothing is a compose file (the kind every input had before there were
// others), unless it is JSON, which cannot be.
func contentKind(forced string, data []byte) (string, error) {
	if forced != "" {
		return forced, nil
	}
	if k := Sniff(data); k != "" {
		return k, nil
	}
	if t := bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM)); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return "", ErrUnknownKind
	}
	return KindCompose, nil
}

// walk finds compose files, Dockerfiles and daemon.json under dir (only
// those of opts.Kind, when not ""). Links to directories are not
// followed, so a link loop cannot trap the search; a link named like an
// input is checked as the file it names when that lies inside the root,
// else it is an error (a loop, a missing file, a file outside the root):
// skipping it silently would let a compose.yaml that is a link go
// unchecked while docker compose follows it. A compose override file
// whose base exists beside it is merged into the base's project, not
// checked alone.
func walk(dir string, opts DiscoverOptions) ([]Target, []report.Error, error) {
	kind := opts.Kind
	root := opts.Root
	if root == "" {
		root = inputs.GitWorkTree(dir)
	}
	if cwd, err := os.Getwd(); root == "" && err == nil && inputs.Within(cwd, dir) {
		root = cwd
	}
	if root == "" {
		root = dir
	}
	var files []string
	var others []Target
	var linkErrs []report.Error
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
		k := KindForName(d.Name())
		if d.Type()&fs.ModeSymlink != 0 && k != "" && (kind == "" || k == kind) {
			if msg := linkProblem(p, root); msg != "" {
				linkErrs = append(linkErrs, report.Error{File: filepath.ToSlash(p), Message: msg})
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		switch {
		case k == "" || kind != "" && k != kind:
		case k == KindCompose:
			files = append(files, p)
		default:
			others = append(others, Target{Name: filepath.ToSlash(p), Kind: k, Files: []compose.File{{Path: p}}})
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
	out = append(out, others...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, linkErrs, err
}

// linkProblem says why a symbolic link named like an input cannot be
// checked as the file it names, or "" when it can.
func linkProblem(p, root string) string {
	st, err := os.Stat(p)
	switch {
	case errors.Is(err, syscall.ELOOP):
		return "symbolic link loop"
	case errors.Is(err, fs.ErrNotExist):
		return "symbolic link to a missing file"
	case err != nil:
		return pathErr(err)
	case st.IsDir():
		return "symbolic link to a directory, not a file"
	case !inputs.Within(root, p):
		return "symbolic link to a file " + inputs.ErrOutsideRoot.Error()
	}
	return ""
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
