package compose

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// This file holds the limits that keep a hostile compose project from
// making the loader hang, exhaust memory or read outside the checked
// repository. compose-go reads include, extends, env_file and label_file
// targets itself, expands variables and splits shell-form commands; all of
// that is checked here, from dockpol's own parse, before compose-go runs.

// Limits on shell-form commands. compose-go splits a command or
// entrypoint written as a string with go-shellwords, which builds each
// word by string concatenation: quadratic in the word's length (a
// 128 KiB quoted script takes seconds, 1 MiB minutes). A list needs no
// splitting, so only strings are limited.
const (
	// maxShellCommand bounds one shell-form command (about 0.2 s to split).
	maxShellCommand = 32 << 10
	// shellCommandBudget bounds the sum of the squared lengths of a
	// project's shell-form commands: the splitting time of eight commands
	// of maxShellCommand bytes.
	shellCommandBudget = 8 * maxShellCommand * maxShellCommand
)

// envFileBudget is how many times the size limit the env and label files
// compose-go reads for a project's services may add up to, each counted
// once per service that names it (compose-go parses it once per service).
const envFileBudget = 4

// setRoot fixes the directory referenced files must stay inside, for a
// project whose first file is first (absolute): Options.Root, else the
// git work tree holding first, else the working directory when it holds
// first, else first's directory.
func (s *sources) setRoot(first string) {
	dir := filepath.Dir(first)
	switch cwd := s.opts.cwd(); {
	case s.opts.Root != "":
		s.root = inputs.RealPath(s.opts.Root)
	case inputs.GitWorkTree(dir) != "":
		s.root = inputs.RealPath(inputs.GitWorkTree(dir))
	case cwd != "" && inputs.Within(cwd, dir):
		s.root = inputs.RealPath(cwd)
	default:
		s.root = inputs.RealPath(dir)
	}
}

// inRoot reports whether abs, symbolic links resolved, lies inside the
// root. Without a root (Load was not told the first file) everything is.
func (s *sources) inRoot(abs string) bool {
	return s.root == "" || inputs.Within(s.root, abs)
}

// readRef reads a file that a compose file refers to (include, extends,
// an env file): inside the root, regular, within the size cap.
func (s *sources) readRef(abs string) ([]byte, error) {
	if !s.inRoot(abs) {
		return nil, inputs.ErrOutsideRoot
	}
	return s.readCapped(abs)
}

// checkRefFile makes sure an env_file or label_file that compose-go will
// read for a service is inside the root, a regular file within the size
// cap, and does not expand (variables referring to variables) beyond it;
// and that the project's env files, counted once per service, stay within
// envFileBudget times the cap.
func (s *sources) checkRefFile(f *sourceFile, abs string) error {
	data, err := s.readRef(abs)
	if err != nil {
		return err
	}
	limit := s.opts.maxFileSize()
	n, _, err := envExpansion(data, f.env.lookup, limit)
	if err != nil {
		return err
	}
	s.envFileBytes += n
	if s.envFileBytes > envFileBudget*limit {
		return limitError(inputs.ErrExpansionLimit, "the env and label files of the project's services, each read once per service, add up to more than %d bytes", envFileBudget*limit)
	}
	return nil
}

// envLine matches the start of a variable in an env file: KEY=, KEY: or
// export KEY=.
var envLine = regexp.MustCompile(`^\s*(?:export\s+)?([^\s=:#]+)\s*[=:]`)

// anyVarRef finds every variable name a string may expand, nested
// defaults (${A:-${B}}) and escaped dollars included: an over-estimate.
var anyVarRef = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// envExpansion estimates, without expanding anything, how large an env
// file's values become once its variables are expanded (a value may refer
// to the variables before it, so n lines can double n times: a billion
// laughs in .env form), and returns the total. The estimate errs high:
// quoting that suppresses expansion is ignored. A variable, or the total,
// over limit is an error naming the line.
func envExpansion(data []byte, lookup func(string) (string, bool), limit int64) (int64, int, error) {
	sizes := map[string]int64{}
	var total, cur int64
	name := ""
	add := func(a, b int64) int64 {
		if a+b > limit || a+b < a {
			return limit + 1
		}
		return a + b
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		rest := line
		if m := envLine.FindSubmatchIndex(line); m != nil {
			if name != "" {
				sizes[name] = cur
			}
			name = string(line[m[2]:m[3]])
			rest, cur = line[m[1]:], 0
		}
		cur = add(cur, int64(len(rest)))
		total = add(total, int64(len(rest)))
		for _, ref := range anyVarRef.FindAllSubmatch(rest, -1) {
			n, ok := sizes[string(ref[1])]
			if !ok && lookup != nil {
				v, _ := lookup(string(ref[1]))
				n = int64(len(v))
			}
			cur = add(cur, n)
			total = add(total, n)
		}
		if cur > limit || total > limit {
			what := "its values expand"
			if cur > limit && name != "" {
				what = "variable " + name + " expands"
			}
			return total, i + 1, limitError(inputs.ErrExpansionLimit, "%s beyond the size limit (%d bytes)", what, limit)
		}
	}
	return total, 0, nil
}

// maxAliasNodes bounds the nodes aliases may add to a document once
// expanded. yaml v4's own guard (DefaultAliasCheck) judges the ratio of
// aliases to nodes, which lets a few aliases of a large node through;
// compose-go expands every alias into its own copy.
const maxAliasNodes = 1 << 18

// checkExpansion estimates, without expanding anything, what aliases and
// interpolation make of a parsed document: the nodes aliases add
// (compose-go decodes each alias into a copy), and the bytes variables
// add to every scalar that refers to them, counted once for each alias
// that repeats it. One reference to a large variable is fine; many are a
// memory bomb. It returns the node at which an estimate passes its limit.
func (s *sources) checkExpansion(f *sourceFile, root *yaml.Node) (*yaml.Node, error) {
	limit := s.opts.maxFileSize()
	written := int64(0)
	var count func(n *yaml.Node, depth int)
	count = func(n *yaml.Node, depth int) {
		if n == nil || n.Kind == yaml.AliasNode || depth > maxAliasDepth {
			return
		}
		written++
		for _, c := range n.Content {
			count(c, depth+1)
		}
	}
	count(root, 0)
	maxNodes := written + maxAliasNodes

	type size struct{ nodes, bytes int64 }
	sat := func(a, b, max int64) int64 {
		if a+b > max || a+b < a {
			return max + 1
		}
		return a + b
	}
	memo := map[*yaml.Node]size{}
	var at *yaml.Node
	var err error
	var walk func(n *yaml.Node, depth int) size
	walk = func(n *yaml.Node, depth int) size {
		if n == nil || at != nil || depth > maxAliasDepth {
			return size{}
		}
		if v, ok := memo[n]; ok {
			return v
		}
		memo[n] = size{} // an alias cycle counts nothing (checkAliases reports it)
		v := size{nodes: 1}
		switch n.Kind {
		case yaml.AliasNode:
			v = walk(n.Alias, depth+1)
		case yaml.ScalarNode:
			if strings.Contains(n.Value, "$") {
				v.bytes = int64(len(n.Value))
				for _, ref := range anyVarRef.FindAllStringSubmatch(n.Value, -1) {
					val, _ := f.env.lookup(ref[1])
					v.bytes = sat(v.bytes, int64(len(val)), limit)
				}
			}
		default:
			for _, c := range n.Content {
				cv := walk(c, depth+1)
				v.nodes = sat(v.nodes, cv.nodes, maxNodes)
				v.bytes = sat(v.bytes, cv.bytes, limit)
				if at != nil {
					break
				}
			}
		}
		memo[n] = v
		switch {
		case at != nil:
		case v.nodes > maxNodes:
			at, err = n, limitError(inputs.ErrExpansionLimit, "aliases expand this file by more than %d nodes", maxAliasNodes)
		case v.bytes > limit:
			at, err = n, limitError(inputs.ErrExpansionLimit, "variables expand this file beyond the size limit (%d bytes)", limit)
		}
		return v
	}
	walk(root, 0)
	return at, err
}

// checkUTF8 reports the line and column of the first byte of data that
// is not UTF-8 (YAML's own error has no position). A file starting with a
// UTF-16 or UTF-32 byte order mark is left to the YAML decoder.
func checkUTF8(rel string, data []byte) error {
	if utf8.Valid(data) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0, 0, 0xfe, 0xff}) {
		return nil
	}
	line, col := 1, 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[n:]
	}
	return inputs.Errorf(inputs.Position{File: rel, Line: line, Col: col}, "invalid YAML: invalid UTF-8 (byte 0x%02x)", data[0])
}

// limitErr is an error of a limit: its own message, and the sentinel
// errors.Is finds.
type limitErr struct {
	msg string
	err error
}

func (e *limitErr) Error() string { return e.msg }
func (e *limitErr) Unwrap() error { return e.err }

func limitError(sentinel error, format string, args ...any) error {
	return &limitErr{msg: fmt.Sprintf(format, args...), err: sentinel}
}

// commandKeys are the service keys compose-go splits as shell words when
// written as a string.
var commandKeys = []string{"command", "entrypoint"}

// hookKeys are the service keys whose items carry a command of their own.
var hookKeys = []string{"post_start", "pre_stop", "pre_start"}

// checkProject runs the project-wide limits, once every file is parsed:
// the shell-form commands compose-go will split, counted once for every
// service (and job) that ends up with them through extends, merge keys
// or aliases.
func (s *sources) checkProject() error {
	var cost int64
	check := func(f *sourceFile, n *yaml.Node, where string) error {
		n = resolve(n)
		if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			return nil
		}
		v := int64(len(n.Value))
		if strings.Contains(n.Value, "$") {
			v = int64(len(f.interpolate(n.Value)))
		}
		if v > maxShellCommand {
			return inputs.Errorf(f.pos(n), "%s: a shell-form command of %d bytes is over the %d-byte limit (compose-go splits it in quadratic time); write it as a list", where, v, maxShellCommand)
		}
		if cost += v * v; cost > shellCommandBudget {
			return inputs.Errorf(f.pos(n), "%s: the project's shell-form commands are too long in total (compose-go splits them in quadratic time); write long commands as lists", where)
		}
		return nil
	}
	workload := func(section, name string, layers []layer) error {
		for _, key := range commandKeys {
			if f, k, v := findKey(layers, []string{key}); k != nil {
				if err := check(f, v, section+"."+name+"."+key); err != nil {
					return err
				}
			}
		}
		// hooks merge across layers: count every layer's
		for _, l := range layers {
			for _, key := range hookKeys {
				_, hooks := mapGet(l.node, key)
				if hooks = resolve(hooks); hooks == nil || hooks.Kind != yaml.SequenceNode {
					continue
				}
				for i, h := range hooks.Content {
					if _, c := mapGet(h, "command"); c != nil {
						if err := check(l.file, c, fmt.Sprintf("%s.%s.%s[%d].command", section, name, key, i)); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	}
	for _, name := range s.order {
		if err := workload("services", name, s.services[name]); err != nil {
			return err
		}
	}
	for _, top := range s.topLevel {
		var err error
		_, jobs := mapGet(top.node, "jobs")
		mapKeys(jobs, func(k, v *yaml.Node) {
			if err != nil {
				return
			}
			base, e := s.extendsLayers(top.file, v, 0)
			if e != nil {
				err = e
				return
			}
			err = workload("jobs", k.Value, append(base, layer{file: top.file, node: resolve(v)}))
		})
		if err != nil {
			return err
		}
	}
	return nil
}
