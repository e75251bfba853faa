package compose

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	opts     Options
	files    map[string]*sourceFile // by absolute path
	services map[string][]layer
	origins  map[string]inputs.Position // service key of its first definition
	order    []string                   // service names in first-seen order
	topLevel []layer                    // each document's root mapping, in load order
}

func newSources(opts Options) *sources {
	return &sources{
		opts:     opts,
		files:    map[string]*sourceFile{},
		services: map[string][]layer{},
		origins:  map[string]inputs.Position{},
	}
}

// readCapped reads a regular file of at most the configured size: a
// device, FIFO or directory named by a compose file must not hang or
// exhaust the checker.
func (s *sources) readCapped(abs string) ([]byte, error) {
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", displayPath(s.opts.cwd(), abs))
	}
	limit := s.opts.maxFileSize()
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", displayPath(s.opts.cwd(), abs), inputs.ErrTooLarge, st.Size(), limit)
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w (limit %d bytes)", displayPath(s.opts.cwd(), abs), inputs.ErrTooLarge, limit)
	}
	return data, nil
}

// parse parses data as the YAML file abs and records it.
func (s *sources) parse(abs, rel string, data []byte) (*sourceFile, error) {
	if f, ok := s.files[abs]; ok {
		return f, nil
	}
	f := &sourceFile{abs: abs, rel: rel}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
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
		if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
			root = resolve(root.Content[0])
		}
		if root == nil || root.Kind == yaml.DocumentNode || (root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
			continue // empty document
		}
		if root.Kind != yaml.MappingNode {
			return nil, inputs.Errorf(f.pos(root), "top-level object must be a mapping")
		}
		f.docs = append(f.docs, root)
	}
	s.files[abs] = f
	return f, nil
}

// load reads, parses and records a file that a compose file refers to.
func (s *sources) load(abs string) (*sourceFile, error) {
	if f, ok := s.files[abs]; ok {
		return f, nil
	}
	data, err := s.readCapped(abs)
	if err != nil {
		return nil, err
	}
	return s.parse(abs, displayPath(s.opts.cwd(), abs), data)
}

// addConfigFile records a top-level compose file (or an included one) and
// its services' layers.
func (s *sources) addConfigFile(f *sourceFile, depth int) error {
	if depth > maxExtendsDepth {
		return fmt.Errorf("%s: include nesting too deep", f.rel)
	}
	dir := filepath.Dir(f.abs)
	for _, doc := range f.docs {
		if k, inc := mapGet(doc, "include"); k != nil {
			for _, p := range includePaths(inc) {
				if isRemote(p.path) {
					continue
				}
				incFile, err := s.load(absPath(dir, p.path))
				if err != nil {
					return inputs.Errorf(f.pos(p.node), "include: %v", unwrapPathError(err))
				}
				if err := s.addConfigFile(incFile, depth+1); err != nil {
					return err
				}
			}
		}
		s.topLevel = append(s.topLevel, layer{file: f, node: doc})
		_, svcs := mapGet(doc, "services")
		var err error
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
			if err = s.checkEnvFiles(f, v); err != nil {
				return
			}
			if _, ok := s.origins[name]; !ok {
				s.origins[name] = f.pos(k)
				s.order = append(s.order, name)
			}
			s.services[name] = append(s.services[name], base...)
			s.services[name] = append(s.services[name], layer{file: f, node: resolve(v)})
		})
		if err != nil {
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
	target, service := f, ""
	switch ext.Kind {
	case yaml.ScalarNode:
		service = ext.Value
	case yaml.MappingNode:
		_, sv := mapGet(ext, "service")
		service = scalarString(sv)
		if fk, fv := mapGet(ext, "file"); fk != nil {
			p := scalarString(fv)
			if isRemote(p) {
				return nil, nil
			}
			var err error
			target, err = s.load(absPath(filepath.Dir(f.abs), p))
			if err != nil {
				return nil, inputs.Errorf(f.pos(fv), "extends: %v", unwrapPathError(err))
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
			if err := s.checkEnvFiles(target, base); err != nil {
				return nil, err
			}
			return append(below, layer{file: target, node: resolve(base)}), nil
		}
	}
	return nil, nil // compose-go reports the missing service
}

// checkEnvFiles makes sure every env_file a service names that exists is
// a regular file within the size cap, before compose-go reads it.
func (s *sources) checkEnvFiles(f *sourceFile, svc *yaml.Node) error {
	k, v := mapGet(svc, "env_file")
	if k == nil {
		return nil
	}
	dir := filepath.Dir(f.abs)
	var check func(n *yaml.Node) error
	check = func(n *yaml.Node) error {
		n = resolve(n)
		if n == nil {
			return nil
		}
		switch n.Kind {
		case yaml.SequenceNode:
			for _, c := range n.Content {
				if err := check(c); err != nil {
					return err
				}
			}
		case yaml.MappingNode:
			_, p := mapGet(n, "path")
			return check(p)
		case yaml.ScalarNode:
			p := n.Value
			if p == "" || strings.Contains(p, "$") {
				return nil
			}
			abs := absPath(dir, p)
			if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
				return nil // compose-go decides whether it was required
			}
			if _, err := s.readCapped(abs); err != nil {
				return inputs.Errorf(f.pos(n), "env_file: %v", unwrapPathError(err))
			}
		}
		return nil
	}
	return check(v)
}

type includeRef struct {
	path string
	node *yaml.Node
}

// includePaths lists the compose files an include section names: the
// short form (a path) and the long form (path: string or list).
func includePaths(inc *yaml.Node) []includeRef {
	inc = resolve(inc)
	if inc == nil || inc.Kind != yaml.SequenceNode {
		return nil
	}
	var out []includeRef
	for _, item := range inc.Content {
		item = resolve(item)
		switch item.Kind {
		case yaml.ScalarNode:
			out = append(out, includeRef{item.Value, item})
		case yaml.MappingNode:
			_, p := mapGet(item, "path")
			p = resolve(p)
			if p == nil {
				continue
			}
			if p.Kind == yaml.SequenceNode {
				for _, c := range p.Content {
					out = append(out, includeRef{scalarString(c), c})
				}
			} else {
				out = append(out, includeRef{scalarString(p), p})
			}
		}
	}
	return out
}

func isRemote(p string) bool {
	return strings.Contains(p, "://") || strings.HasPrefix(p, "git@") || strings.Contains(p, "$")
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
