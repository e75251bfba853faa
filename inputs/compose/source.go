package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// maxExtendsDepth bounds extends chains (compose-go detects cycles itself;
// this keeps our own walk finite whatever the input).
const maxExtendsDepth = 16

// sources is every YAML file that contributes to one project, parsed with
// positions, and each service's layers.
type sources struct {
	opts      Options
	files     map[string]*sourceFile // by absolute path
	fileOrder []*sourceFile          // in the order they were read
	active    map[string]bool        // files being added (include cycle check)
	added     map[string]bool        // files added as compose files
	services  map[string][]layer
	origins   map[string]inputs.Position // service key of its first definition
	order     []string                   // service names in first-seen order
	topLevel  []layer                    // each document's root mapping, in load order
	// root is the directory referenced files must stay inside (guard.go)
	root string
	// envFileBytes counts the env and label files compose-go will read
	envFileBytes int64
}

func newSources(opts Options) *sources {
	return &sources{
		opts:     opts,
		files:    map[string]*sourceFile{},
		active:   map[string]bool{},
		added:    map[string]bool{},
		services: map[string][]layer{},
		origins:  map[string]inputs.Position{},
	}
}

// readCapped reads a regular file of at most the configured size: a
// device, FIFO or directory named by a compose file must not hang or
// exhaust the checker. Errors do not name the file: callers do.
func (s *sources) readCapped(abs string) ([]byte, error) {
	return readCappedAt(abs, s.opts.maxFileSize())
}

// readCappedAt is readCapped with its own size limit: a regular file,
// not a kernel pseudo-file, of at most limit bytes (inputs.ReadFile).
func readCappedAt(abs string, limit int64) ([]byte, error) {
	return inputs.ReadFile(abs, limit)
}

// refError reports a problem with a file that f refers to at node n: by
// its path relative to the working directory, or as written when the file
// wrote it absolute or from the home directory (/proc/kmsg, not
// ../../proc/kmsg).
func (s *sources) refError(f *sourceFile, n *yaml.Node, what, abs string, err error) error {
	name := displayPath(s.opts.cwd(), abs)
	if written := f.interpolate(scalarString(n)); filepath.IsAbs(written) || strings.HasPrefix(written, "~/") {
		name = filepath.ToSlash(written)
	}
	// the path may come from a secret variable (env_file: /${TOKEN})
	return &inputs.SourceError{Pos: f.pos(n), Err: fmt.Errorf("%s: %s: %w", what, s.scrubSecrets(name), err)}
}

// parse parses data as the YAML file abs and records it, with the
// environment its variables are interpolated from and the directory its
// relative paths resolve against.
func (s *sources) parse(abs, rel string, data []byte, env *environment, workDir string) (*sourceFile, error) {
	if f, ok := s.files[abs]; ok {
		return f, nil
	}
	f := &sourceFile{abs: abs, rel: rel, env: env, workDir: workDir}
	if err := checkUTF8(rel, data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(rel, err)
		}
		root := resolve(&n)
		if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
			root = resolve(root.Content[0])
		}
		if root == nil || root.Kind == yaml.DocumentNode || (root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
			continue // empty document
		}
		if root.Kind != yaml.MappingNode {
			return nil, inputs.Errorf(f.pos(root), "top-level object must be a mapping")
		}
		if n, problem := checkAliases(root); n != nil {
			return nil, inputs.Errorf(f.pos(n), "invalid YAML: %s", problem)
		}
		if n, err := s.checkExpansion(f, root); err != nil {
			return nil, &inputs.SourceError{Pos: f.pos(n), Err: err}
		}
		f.docs = append(f.docs, root)
	}
	s.files[abs] = f
	s.fileOrder = append(s.fileOrder, f)
	return f, nil
}

// Limits on aliases, beyond which compose-go's handling of !reset and
// merge keys (loader/reset.go in v2.16.2) takes minutes: it compares
// every use of an anchor with every earlier one.
const (
	maxAliasDepth   = 10000 // aliases leading inside one another
	maxAliasUses    = 1000  // uses of one anchor
	maxAliasesTotal = 10000 // aliases in one document
)

// checkAliases returns an alias the loader cannot take and why: one that
// leads back into a node containing it (directly or through other
// aliases), or one over the limits above.
func checkAliases(root *yaml.Node) (*yaml.Node, string) {
	const (
		onPath = 1
		done   = 2
	)
	state := map[*yaml.Node]int{}
	uses := map[*yaml.Node]int{}
	total := 0
	var visit func(n *yaml.Node, depth int) (*yaml.Node, string)
	visit = func(n *yaml.Node, depth int) (*yaml.Node, string) {
		if n == nil || state[n] == done {
			return nil, ""
		}
		if depth > maxAliasDepth {
			return n, "aliases nested too deeply"
		}
		state[n] = onPath
		if n.Kind == yaml.AliasNode {
			if state[n.Alias] == onPath {
				return n, fmt.Sprintf("alias *%s refers to a node that contains it", n.Value)
			}
			total++
			uses[n.Alias]++
			switch {
			case uses[n.Alias] > maxAliasUses:
				return n, fmt.Sprintf("anchor &%s is used more than %d times", n.Value, maxAliasUses)
			case total > maxAliasesTotal:
				return n, fmt.Sprintf("more than %d aliases", maxAliasesTotal)
			}
			if a, why := visit(n.Alias, depth+1); a != nil {
				return a, why
			}
		}
		for _, c := range n.Content {
			if a, why := visit(c, depth+1); a != nil {
				return a, why
			}
		}
		state[n] = done
		return nil, ""
	}
	return visit(root, 0)
}

// load reads, parses and records a file that a compose file refers to.
func (s *sources) load(abs string, env *environment, workDir string) (*sourceFile, error) {
	if f, ok := s.files[abs]; ok {
		return f, nil
	}
	data, err := s.readRef(abs)
	if err != nil {
		return nil, err
	}
	return s.parse(abs, displayPath(s.opts.cwd(), abs), data, env, workDir)
}

// addConfigFile records a top-level compose file (or an included one) and
// its services' layers, after checking every file it makes compose-go read.
func (s *sources) addConfigFile(f *sourceFile, depth int) error {
	if depth > maxExtendsDepth {
		return inputs.Errorf(f.pos(nil), "include nesting too deep")
	}
	s.active[f.abs] = true
	defer delete(s.active, f.abs)
	s.added[f.abs] = true
	for _, doc := range f.docs {
		if k, inc := mapGet(doc, "include"); k != nil {
			for _, ref := range includeRefs(inc) {
				if err := s.include(f, ref, depth); err != nil {
					return err
				}
			}
		}
		s.topLevel = append(s.topLevel, layer{file: f, node: doc})
		var err error
		_, svcs := mapGet(doc, "services")
		mapKeys(svcs, func(k, v *yaml.Node) {
			if err != nil {
				return
			}
			name := k.Value
			base, e := s.extendsLayers(f, v, 0)
			if e != nil {
				err = e
				return
			}
			if err = s.checkSpecFiles(f, v); err != nil {
				return
			}
			if _, ok := s.origins[name]; !ok {
				s.origins[name] = f.pos(k)
				s.order = append(s.order, name)
			}
			s.services[name] = append(s.services[name], base...)
			s.services[name] = append(s.services[name], layer{file: f, node: resolve(v)})
		})
		// jobs are not normalised, but compose-go reads their files too
		_, jobs := mapGet(doc, "jobs")
		mapKeys(jobs, func(_, v *yaml.Node) {
			if err == nil {
				if _, err = s.extendsLayers(f, v, 0); err == nil {
					err = s.checkSpecFiles(f, v)
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// include checks and records the files of one include entry, with the
// environment compose-go interpolates them with: the including project's,
// completed by the entry's env_file or the included project's .env.
func (s *sources) include(f *sourceFile, ref includeRef, depth int) error {
	var paths []string
	for _, n := range ref.paths {
		paths = append(paths, f.interpolate(scalarString(n)))
	}
	if len(paths) == 0 || isRemote(paths[0]) {
		return nil
	}
	projectDir := filepath.Dir(absPath(f.workDir, paths[0]))
	if ref.projectDir != nil {
		projectDir = absPath(f.workDir, f.interpolate(scalarString(ref.projectDir)))
	}
	var envFiles []string
	var envNodes []*yaml.Node
	for _, n := range ref.envFiles {
		p := f.interpolate(scalarString(n))
		if p == "/dev/null" {
			continue
		}
		envFiles = append(envFiles, absPath(f.workDir, p))
		envNodes = append(envNodes, n)
	}
	if len(ref.envFiles) == 0 {
		dot := filepath.Join(projectDir, ".env")
		if st, err := os.Stat(dot); err == nil && !st.IsDir() {
			envFiles, envNodes = []string{dot}, []*yaml.Node{ref.node}
		}
	}
	vars := map[string]string{}
	for i, p := range envFiles {
		vals, err := readEnvFile(p, s.opts.cwd(), s.opts.maxFileSize(), s.readRef, func(k string) (string, bool) {
			if v, ok := f.env.lookup(k); ok {
				return v, true
			}
			v, ok := vars[k]
			return v, ok
		})
		if err != nil {
			var se *inputs.SourceError
			if errors.As(err, &se) && se.Pos.Line == 0 {
				return s.refError(f, envNodes[i], "include env_file", p, se.Err)
			}
			return err
		}
		maps.Copy(vars, vals)
	}
	env := f.env.withDefaults(vars)
	for i, p := range paths {
		if isRemote(p) {
			continue
		}
		abs := absPath(f.workDir, p)
		if s.active[abs] {
			return inputs.Errorf(f.pos(ref.paths[i]), "include cycle: %s includes %s", f.rel, displayPath(s.opts.cwd(), abs))
		}
		if s.added[abs] {
			continue // included already (a diamond): its layers are recorded
		}
		incFile, err := s.load(abs, env, projectDir)
		if err != nil {
			var se *inputs.SourceError
			if errors.As(err, &se) {
				return err // a syntax error inside the included file
			}
			return s.refError(f, ref.paths[i], "include", abs, err)
		}
		if err := s.addConfigFile(incFile, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// extendsLayers returns the layers an "extends" brings, lowest first.
func (s *sources) extendsLayers(f *sourceFile, svc *yaml.Node, depth int) ([]layer, error) {
	k, ext := mapGet(svc, "extends")
	if k == nil {
		return nil, nil
	}
	if depth > maxExtendsDepth {
		return nil, inputs.Errorf(f.pos(k), "extends nesting too deep")
	}
	ext = resolve(ext)
	if ext == nil {
		return nil, nil
	}
	target, service := f, ""
	switch ext.Kind {
	case yaml.ScalarNode:
		service = f.interpolate(ext.Value)
	case yaml.MappingNode:
		_, sv := mapGet(ext, "service")
		service = f.interpolate(scalarString(sv))
		if fk, fv := mapGet(ext, "file"); fk != nil {
			p := f.interpolate(scalarString(fv))
			if p == "" || isRemote(p) {
				return nil, nil
			}
			abs := absPath(f.workDir, p)
			var err error
			target, err = s.load(abs, f.env, filepath.Dir(abs))
			if err != nil {
				var se *inputs.SourceError
				if errors.As(err, &se) {
					return nil, err
				}
				return nil, s.refError(f, fv, "extends", abs, err)
			}
		}
	}
	for _, doc := range target.docs {
		_, svcs := mapGet(doc, "services")
		if _, base := mapGet(svcs, service); base != nil {
			below, err := s.extendsLayers(target, base, depth+1)
			if err != nil {
				return nil, err
			}
			if err := s.checkSpecFiles(target, base); err != nil {
				return nil, err
			}
			return append(below, layer{file: target, node: resolve(base)}), nil
		}
	}
	return nil, nil // compose-go reports the missing service
}

// checkSpecFiles makes sure every env_file and label_file a service (or
// one of its pre_start hooks) names that exists is a regular file within
// the size cap, before compose-go reads it.
func (s *sources) checkSpecFiles(f *sourceFile, svc *yaml.Node) error {
	for _, key := range []string{"env_file", "label_file"} {
		if err := s.checkFileList(f, svc, key); err != nil {
			return err
		}
	}
	_, hooks := mapGet(svc, "pre_start")
	if hooks = resolve(hooks); hooks != nil && hooks.Kind == yaml.SequenceNode {
		for _, h := range hooks.Content {
			for _, key := range []string{"env_file", "label_file"} {
				if err := s.checkFileList(f, h, key); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkFileList checks the file (or list of files, or {path: ...} items)
// at key of mapping m.
func (s *sources) checkFileList(f *sourceFile, m *yaml.Node, key string) error {
	k, v := mapGet(m, key)
	if k == nil {
		return nil
	}
	var check func(n *yaml.Node, depth int) error
	check = func(n *yaml.Node, depth int) error {
		n = resolve(n)
		if n == nil || depth > 2 {
			return nil
		}
		switch n.Kind {
		case yaml.SequenceNode:
			for _, c := range n.Content {
				if err := check(c, depth+1); err != nil {
					return err
				}
			}
		case yaml.MappingNode:
			_, p := mapGet(n, "path")
			return check(p, depth+1)
		case yaml.ScalarNode:
			p := f.interpolate(n.Value)
			if p == "" || p == "/dev/null" {
				return nil
			}
			abs := absPath(f.workDir, p)
			if !s.inRoot(abs) {
				return s.refError(f, n, key, abs, inputs.ErrOutsideRoot)
			}
			if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
				return nil // compose-go decides whether it was required
			}
			if err := s.checkRefFile(f, abs); err != nil {
				return s.refError(f, n, key, abs, err)
			}
		}
		return nil
	}
	return check(v, 0)
}

// includeRef is one include entry as written.
type includeRef struct {
	node       *yaml.Node   // the entry
	paths      []*yaml.Node // path (string or list)
	envFiles   []*yaml.Node // env_file (string or list)
	projectDir *yaml.Node   // project_directory, or nil
}

// includeRefs lists the entries of an include section: the short form (a
// path) and the long form (path, env_file, project_directory).
func includeRefs(inc *yaml.Node) []includeRef {
	inc = resolve(inc)
	if inc == nil || inc.Kind != yaml.SequenceNode {
		return nil
	}
	list := func(n *yaml.Node) []*yaml.Node {
		n = resolve(n)
		switch {
		case n == nil:
			return nil
		case n.Kind == yaml.SequenceNode:
			var out []*yaml.Node
			for _, c := range n.Content {
				if c = resolve(c); c != nil && c.Kind == yaml.ScalarNode && c.Tag != "!!null" {
					out = append(out, c)
				}
			}
			return out
		case n.Kind == yaml.ScalarNode && n.Tag != "!!null":
			return []*yaml.Node{n}
		}
		return nil
	}
	var out []includeRef
	for _, item := range inc.Content {
		item = resolve(item)
		if item == nil {
			continue
		}
		switch item.Kind {
		case yaml.ScalarNode:
			if item.Tag != "!!null" {
				out = append(out, includeRef{node: item, paths: []*yaml.Node{item}})
			}
		case yaml.MappingNode:
			_, p := mapGet(item, "path")
			_, e := mapGet(item, "env_file")
			_, d := mapGet(item, "project_directory")
			ref := includeRef{node: item, paths: list(p), envFiles: list(e)}
			if d = resolve(d); d != nil && d.Kind == yaml.ScalarNode {
				ref.projectDir = d
			}
			out = append(out, ref)
		}
	}
	return out
}

// isRemote reports whether an include or extends path names a remote
// resource (git, OCI) that compose-go would need a resource loader for.
func isRemote(p string) bool {
	return strings.Contains(p, "://") || strings.HasPrefix(p, "git@") || strings.HasPrefix(p, "oci:")
}

func absPath(dir, p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// displayPath returns abs relative to base, with forward slashes, so that
// reports never carry the checking machine's absolute paths.
func displayPath(base, abs string) string {
	if base == "" || !filepath.IsAbs(abs) {
		return filepath.ToSlash(abs)
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// unwrapPathError drops the absolute path os.PathError carries; the
// caller's message names the file relative to the project.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// yamlError turns a YAML syntax error into a one-line SourceError with the
// file and line, without quoting the offending text (it may hold a secret).
func yamlError(rel string, err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		return &inputs.SourceError{Pos: inputs.Position{File: rel, Line: le.Mark.Line, Col: le.Mark.Column}, Err: errors.New("invalid YAML: " + le.Message)}
	}
	return &inputs.SourceError{Pos: inputs.Position{File: rel}, Err: errors.New("invalid YAML")}
}
