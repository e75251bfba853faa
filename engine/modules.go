package engine

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// parserOptions parse Rego v1 with METADATA annotations.
var parserOptions = ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}

// Source is a set of Rego modules: the shipped bundle, a team's policy
// directory, or a loaded bundle.
type Source struct {
	// Name prefixes module names in messages ("builtin", a directory).
	Name string
	// FS holds .rego files (read when Modules is nil).
	FS fs.FS
	// Modules are parsed already (a bundle).
	Modules map[string]*ast.Module
	// Data is the source's data document (a bundle's data.json files).
	Data map[string]any
	// Roots are the bundle roots the source owns; nil for a plain
	// directory.
	Roots []string
	// Builtin marks the shipped bundle: its roots are reserved, and no
	// other source may declare packages inside them.
	Builtin bool
	// RegoV0 parses the source's modules as Rego v0 (older policies).
	RegoV0 bool
	// NoTests leaves the source's _test.rego files out even when tests
	// run (a library other tests use).
	NoTests bool
}

// modules returns the source's modules, parsing its FS when needed.
func (s Source) modules(tests bool) (map[string]*ast.Module, error) {
	if s.Modules != nil {
		return s.Modules, nil
	}
	return ParseModules(s, tests && !s.NoTests)
}

// DirSource reads the Rego modules under dir.
func DirSource(dir string) Source {
	return Source{Name: dir, FS: os.DirFS(dir)}
}

// ParseModules parses every .rego file of src; _test.rego files only when
// tests is set.
func ParseModules(src Source, tests bool) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	var paths []string
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".rego") {
			return nil
		}
		if tests || !strings.HasSuffix(p, "_test.rego") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read policies %s: %w", src.Name, err)
	}
	sort.Strings(paths)
	// Parsing is most of a short run's start-up after compiling: the
	// files are parsed in parallel, and the first error in path order is
	// reported, as a serial parse would.
	parsed := make([]*ast.Module, len(paths))
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				parsed[i], errs[i] = parseModule(src, paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		mods[filepath.ToSlash(filepath.Join(src.Name, p))] = parsed[i]
	}
	return mods, nil
}

// parseModule reads and parses one file of src.
func parseModule(src Source, p string) (*ast.Module, error) {
	data, err := fs.ReadFile(src.FS, p)
	if err != nil {
		return nil, fmt.Errorf("read policy: %w", err)
	}
	name := filepath.ToSlash(filepath.Join(src.Name, p))
	popts := parserOptions
	if src.RegoV0 {
		popts.RegoVersion = ast.RegoV0
	}
	m, err := ast.ParseModuleWithOpts(name, string(data), popts)
	if err != nil {
		return nil, compileError(err)
	}
	return m, nil
}
