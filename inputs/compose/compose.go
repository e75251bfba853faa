// Package compose is the Compose input adapter: it loads a project the way
// docker compose does (compose-go v2: interpolation, .env, extends,
// include, override files, merge keys) and turns it into the normalised
// dockpol/v1 document, with a provenance map from every normalised path to
// the file:line of the key that set it.
package compose

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockpol/dockpol/inputs"
)

// DefaultMaxFileSize caps every file the adapter reads.
const DefaultMaxFileSize = 10 << 20

// Options configure how a project is loaded. The zero value loads like
// `docker compose config` with all profiles enabled and without the host
// environment.
type Options struct {
	// Profiles narrows the services to these profiles; empty means every
	// service, whatever its profile (a service hidden in a profile is
	// still deployed by someone).
	Profiles []string
	// EnvFiles replace the project's .env for interpolation (--env-file).
	EnvFiles []string
	// Env adds KEY=VALUE interpolation variables (--env); a bare KEY takes
	// its value from the process environment.
	Env []string
	// OSEnv lets interpolation read the whole process environment.
	OSEnv bool
	// StrictEnv makes an unset variable an error instead of a warning.
	StrictEnv bool
	// WorkDir is the directory reported paths are relative to; default
	// the process's working directory.
	WorkDir string
	// MaxFileSize caps every file read; default DefaultMaxFileSize.
	MaxFileSize int64
	// Root is the directory that files a compose file refers to
	// (include, extends, env_file, label_file, build Dockerfiles) must
	// lie inside, symbolic links resolved; default the git work tree
	// holding the first file, else the working directory when it holds
	// that file, else the file's directory.
	Root string
}

func (o Options) cwd() string {
	if o.WorkDir != "" {
		// Reported paths are made relative with filepath.Rel, which needs
		// both sides absolute: a relative WorkDir would leave them absolute.
		if abs, err := filepath.Abs(o.WorkDir); err == nil {
			return abs
		}
		return o.WorkDir
	}
	wd, _ := os.Getwd()
	return wd
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

// File is one compose file of a project: a path, or content read already
// (standard input) under a display name.
type File struct {
	Path    string // path on disk; for Content, the name to report
	Content []byte // nil: read Path
}

// StdinName is how standard input is reported.
const StdinName = "<stdin>"

// overrideNames are the files docker compose merges over a base file found
// by its default names.
var overrideNames = map[string][]string{
	"compose.yaml":        {"compose.override.yaml", "compose.override.yml"},
	"compose.yml":         {"compose.override.yml", "compose.override.yaml"},
	"docker-compose.yaml": {"docker-compose.override.yaml", "docker-compose.override.yml"},
	"docker-compose.yml":  {"docker-compose.override.yml", "docker-compose.override.yaml"},
}

// OverrideFor returns the override file docker compose would merge over
// path (compose.override.yaml beside compose.yaml, ...), or "".
func OverrideFor(path string) string {
	for _, name := range overrideNames[filepath.Base(path)] {
		p := filepath.Join(filepath.Dir(path), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// IsOverride reports whether path is a default override file.
func IsOverride(path string) bool {
	switch filepath.Base(path) {
	case "compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml":
		return true
	}
	return false
}

// Load loads the project made of files (merged in order, as `docker
// compose -f a -f b`) and returns its normalised document. Unset variables
// are warnings in the document; errors carry the file and line where known.
func Load(ctx context.Context, files []File, opts Options) (*inputs.Document, error) {
	return load(ctx, files, opts, true)
}

// load is Load; shortcuts enables the load-time savings that must not
// change the result (casts.go, projectname.go, passes.go), which a test
// turns off to compare.
func load(ctx context.Context, files []File, opts Options, shortcuts bool) (*inputs.Document, error) {
	return loadReporting(ctx, files, opts, shortcuts, &loadInfo{})
}

// loadInfo tells how a load went, for the test that compares the loads
// with and without shortcuts.
type loadInfo struct {
	trimmed bool           // compose-go's passes ran trimmed (loadTrimmed)
	project *types.Project // what compose-go returned
}

// loadReporting is load, filling info.
func loadReporting(ctx context.Context, files []File, opts Options, shortcuts bool, info *loadInfo) (*inputs.Document, error) {
	if len(files) == 0 {
		return nil, errors.New("no compose file")
	}
	cwd := opts.cwd()
	src := newSources(opts)

	// Resolve and read the files first: the project directory (the first
	// file's) decides which .env interpolation reads.
	type input struct {
		abs, rel string
		content  []byte
	}
	in := make([]input, 0, len(files))
	for i, f := range files {
		abs, content, rel := f.Path, f.Content, f.Path
		if content == nil {
			var err error
			abs, err = filepath.Abs(f.Path)
			if err != nil {
				return nil, err
			}
			rel = displayPath(cwd, abs)
			content, err = src.readCapped(abs)
			if err != nil {
				return nil, &inputs.SourceError{Pos: inputs.Position{File: rel}, Err: err}
			}
		} else {
			// Content read already (standard input): it stands in the
			// working directory, under its own name so that several
			// such files of one project stay distinct.
			name := filepath.Base(filepath.Clean("/" + filepath.ToSlash(f.Path)))
			if f.Path == "" || f.Path == StdinName || f.Path == "-" || name == "/" || name == "." {
				name = fmt.Sprintf("docker-compose.stdin%d.yaml", i)
			}
			abs = filepath.Join(cwd, name)
			if rel == "" {
				rel = StdinName
			}
		}
		in = append(in, input{abs: abs, rel: rel, content: content})
	}

	projectDir := filepath.Dir(in[0].abs)
	src.setRoot(in[0].abs)
	env, err := buildEnvironment(opts, projectDir, src.readCapped)
	if err != nil {
		return nil, err
	}

	configFiles := make([]types.ConfigFile, 0, len(in))
	reported := make([]string, 0, len(in))
	topFiles := make([]*sourceFile, 0, len(in))
	for _, f := range in {
		sf, err := src.parse(f.abs, f.rel, f.content, env, projectDir)
		if err != nil {
			return nil, err
		}
		topFiles = append(topFiles, sf)
		if err := src.addConfigFile(sf, 0); err != nil {
			return nil, err
		}
		configFiles = append(configFiles, types.ConfigFile{Filename: f.abs, Content: f.content})
		reported = append(reported, f.rel)
	}

	var warnings []inputs.Diagnostic
	for _, f := range src.fileOrder {
		warnings = append(warnings, checkVariables(f, f.env, opts.StrictEnv)...)
	}
	inputs.SortDiagnostics(warnings)
	if opts.StrictEnv && len(warnings) > 0 {
		d := warnings[0]
		return nil, &inputs.SourceError{Pos: d.Pos, Err: errors.New(strings.Replace(d.Message, "; using an empty string", "", 1) + " (--strict-env)")}
	}

	if err := src.checkProject(); err != nil {
		return nil, err
	}

	details := types.ConfigDetails{
		WorkingDir:  projectDir,
		ConfigFiles: configFiles,
		Environment: types.Mapping(env.values),
	}
	profiles := opts.Profiles
	if len(profiles) == 0 {
		profiles = []string{"*"}
	}
	dirName := loader.NormalizeProjectName(filepath.Base(projectDir))
	options := []func(*loader.Options){func(o *loader.Options) {
		o.SetProjectName(dirName, false)
		o.Profiles = profiles
		o.Interpolate.Substitute = substitute(opts.StrictEnv)
		o.ResolvePaths = true
		// A policy check judges what is written: an override file checked
		// alone, or a depends_on naming a service defined elsewhere, is still
		// worth checking. Schema and syntax errors still fail the load.
		o.SkipConsistencyCheck = true
	}}
	var project *types.Project
	loaded := false
	if shortcuts {
		interp := *loader.ToOptions(&details, options).Interpolate
		casts, _ := src.usedCasts(interp.TypeCastMapping)
		interp.TypeCastMapping = casts
		name, named := src.projectName(topFiles, details, interp, dirName)
		options = append(options, func(o *loader.Options) {
			o.Interpolate.TypeCastMapping = casts
			if named {
				o.SetProjectName(name, true)
			}
		})
		if named {
			project, loaded = loadTrimmed(ctx, details, options)
			info.trimmed = loaded
		}
	}
	if !loaded {
		project, err = loadProject(ctx, details, options...)
	}
	if err != nil {
		var p *loaderPanic
		if errors.As(err, &p) {
			return nil, src.panicError(reported[0], p)
		}
		return nil, src.loadError(reported[0], err, projectDir)
	}

	info.project = project

	home, _ := os.UserHomeDir()
	b := &builder{project: project, src: src, env: env, root: projectDir, home: home, prov: inputs.Provenance{}}
	var allFiles []string
	for _, f := range reported {
		allFiles = append(allFiles, f)
	}
	for _, f := range src.fileOrder {
		if !contains(allFiles, f.rel) {
			allFiles = append(allFiles, f.rel)
		}
	}
	path := reported[0]
	doc := b.document(path, allFiles)
	if b.err != nil {
		return nil, b.err
	}
	redactFreeText(doc, src)
	if len(b.dockerfiles) > 0 {
		// the Dockerfiles of build: services contribute facts too
		for _, f := range b.dockerfiles {
			if !contains(allFiles, f) {
				allFiles = append(allFiles, f)
			}
		}
		doc["source"].(map[string]any)["files"] = inputs.StringList(allFiles)
	}
	if len(b.warnings) > 0 {
		warnings = append(warnings, b.warnings...)
		inputs.SortDiagnostics(warnings)
	}
	return &inputs.Document{Path: path, Value: doc, Provenance: b.prov, Warnings: warnings}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
