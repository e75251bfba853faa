package compose

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// loadError turns an error of compose-go into one line that names the
// file and, where the message names a key (services.web.user), the line
// of that key; it carries no absolute path of this machine and no value
// that looks like a secret (compose-go quotes values it cannot use).
func (s *sources) loadError(file string, err error, projectDir string) error {
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	msg = s.scrubPaths(msg, projectDir)
	msg = scrubDotenv(msg)
	msg = s.scrubSecrets(msg)
	pos := s.locate(msg)
	if pos.File == "" {
		pos = inputs.Position{File: file}
	}
	return &inputs.SourceError{Pos: pos, Err: fmt.Errorf("invalid compose project: %s", msg)}
}

// scrubPaths rewrites the absolute paths compose-go prints (it resolves
// every file it reads) relative to the working directory, and the home
// directory as ~.
func (s *sources) scrubPaths(msg, projectDir string) string {
	cwd := s.opts.cwd()
	type repl struct{ from, to string }
	var rs []repl
	for abs, f := range s.files {
		rs = append(rs, repl{abs, f.rel})
	}
	for _, dir := range []string{projectDir, cwd} {
		if dir != "" && dir != string(filepath.Separator) {
			rs = append(rs, repl{dir, displayPath(cwd, dir)})
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" && home != string(filepath.Separator) {
		rs = append(rs, repl{home, "~"})
	}
	// longest first, so a file wins over its directory
	sort.SliceStable(rs, func(i, j int) bool { return len(rs[i].from) > len(rs[j].from) })
	for _, r := range rs {
		msg = replacePath(msg, r.from, r.to)
	}
	return msg
}

// replacePath replaces the path from by to in msg where it stands whole:
// followed by "/" (a path below it) or by a character that cannot
// continue a file name; /tmp/x is not replaced in /tmp/x2 or /tmp/x.yaml.
func replacePath(msg, from, to string) string {
	var b strings.Builder
	for {
		i := strings.Index(msg, from)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		rest := msg[i+len(from):]
		switch {
		case rest == "" || !isPathChar(rest[0]):
			b.WriteString(msg[:i] + to)
		case rest[0] == '/':
			if to == "." {
				b.WriteString(msg[:i])
				rest = rest[1:]
			} else {
				b.WriteString(msg[:i] + to)
			}
		default:
			b.WriteString(msg[:i+len(from)])
		}
		msg = rest
	}
}

func isPathChar(c byte) bool {
	return c == '/' || c == '.' || c == '_' || c == '-' || c == '~' || c == '+' || c == '@' ||
		('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// dotenvQuoted matches the parts of compose-go's env file errors that
// quote the offending line.
var dotenvQuoted = []*regexp.Regexp{
	regexp.MustCompile(`(line \d+: unterminated quoted value).*$`),
	regexp.MustCompile(`(line \d+: unexpected character) ".*?"( in variable name).*$`),
}

func scrubDotenv(msg string) string {
	for _, re := range dotenvQuoted {
		msg = re.ReplaceAllString(msg, "$1$2")
	}
	return msg
}

// scrubSecrets replaces, in msg, every value of the project that looks
// like a secret: values of secret-named keys and variables, and values
// shaped like credentials, as written and as interpolated.
func (s *sources) scrubSecrets(msg string) string {
	for _, v := range s.secretValues(4) {
		msg = strings.ReplaceAll(msg, v, inputs.Redacted)
	}
	return msg
}

// secretValues returns the values of the project that look like secrets
// (see scrubSecrets) of at least minLen bytes, longest first.
func (s *sources) secretValues(minLen int) []string {
	secrets := map[string]bool{}
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) >= minLen {
			secrets[v] = true
		}
	}
	envs := map[*environment]bool{}
	for _, f := range s.fileOrder {
		envs[f.env] = true
		var walk func(n *yaml.Node, secretKey bool, depth int)
		walk = func(n *yaml.Node, secretKey bool, depth int) {
			if n == nil || depth > 64 {
				return
			}
			switch n.Kind {
			case yaml.ScalarNode:
				v := n.Value
				if k, val, ok := strings.Cut(v, "="); ok && inputs.SecretName(k) {
					add(val)
					add(f.interpolate(val))
				}
				if secretKey || inputs.SecretValue(v) {
					add(v)
					add(f.interpolate(v))
				}
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					walk(n.Content[i+1], secretKey || inputs.SecretName(n.Content[i].Value), depth+1)
				}
			case yaml.SequenceNode, yaml.DocumentNode:
				for _, c := range n.Content {
					walk(c, secretKey, depth+1)
				}
			}
		}
		for _, d := range f.docs {
			walk(d, false, 0)
		}
	}
	for e := range envs {
		if e == nil {
			continue
		}
		for k, v := range e.values {
			if inputs.SecretLike(k, v) {
				add(v)
			}
		}
	}
	list := make([]string, 0, len(secrets))
	for v := range secrets {
		list = append(list, v)
	}
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
	return list
}

// keyPathRef finds a key path compose-go names in its errors:
// "services.web.user", "services.web.ports.[].target",
// "'services[web].mem_limit'", "networks.front.driver".
var keyPathRef = []*regexp.Regexp{
	regexp.MustCompile(`'services\[([^\]]+)\]\.([A-Za-z0-9_.\-]+)'`),
	regexp.MustCompile(`\b(services|networks|volumes|secrets|configs)\.([^\s:'"]+)`),
	regexp.MustCompile(`\bservice "([^"]+)"`),
}

// locate returns the position of the key an error message names, or the
// zero Position.
func (s *sources) locate(msg string) inputs.Position {
	if m := keyPathRef[0].FindStringSubmatch(msg); m != nil {
		if pos, ok := s.servicePos(m[1], strings.Split(m[2], ".")); ok {
			return pos
		}
	}
	for _, m := range keyPathRef[1].FindAllStringSubmatch(msg, -1) {
		rest := m[2]
		if m[1] != "services" {
			if pos, ok := s.topLevelPos(m[1], splitKeyPath(rest)); ok {
				return pos
			}
			continue
		}
		// service names may hold dots: take the longest known one
		name, path := "", ""
		for n := range s.services {
			if (rest == n || strings.HasPrefix(rest, n+".")) && len(n) > len(name) {
				name, path = n, strings.TrimPrefix(strings.TrimPrefix(rest, n), ".")
			}
		}
		if name == "" {
			continue
		}
		if pos, ok := s.servicePos(name, splitKeyPath(path)); ok {
			return pos
		}
	}
	if m := keyPathRef[2].FindStringSubmatch(msg); m != nil {
		if pos, ok := s.origins[m[1]]; ok {
			return pos
		}
	}
	// a YAML error of compose-go's own parse: "failed to parse FILE: ...
	// at L2.C25" or "... yaml: line 3: ..."
	if m := yamlFileRef.FindStringSubmatch(msg); m != nil {
		for _, f := range s.fileOrder {
			if f.rel != m[1] {
				continue
			}
			pos := inputs.Position{File: f.rel}
			if lc := yamlLineCol.FindStringSubmatch(msg); lc != nil {
				pos.Line, _ = strconv.Atoi(lc[1])
				pos.Col, _ = strconv.Atoi(lc[2])
			} else if l := yamlLine.FindStringSubmatch(msg); l != nil {
				pos.Line, _ = strconv.Atoi(l[1])
			}
			return pos
		}
	}
	return inputs.Position{}
}

var (
	yamlFileRef = regexp.MustCompile(`failed to parse (.+?): `)
	yamlLineCol = regexp.MustCompile(`\bat L(\d+)\.C(\d+)`)
	yamlLine    = regexp.MustCompile(`\byaml: line (\d+):`)
)

// splitKeyPath splits "ports.[].target" into its mapping keys up to the
// first list index: ["ports"].
func splitKeyPath(p string) []string {
	var out []string
	for _, seg := range strings.Split(p, ".") {
		if seg == "" {
			continue
		}
		if strings.HasPrefix(seg, "[") || strings.Trim(seg, "0123456789") == "" {
			break
		}
		out = append(out, seg)
	}
	return out
}

// servicePos returns the position of the deepest key of path that a
// layer of service name sets, else the service's own key.
func (s *sources) servicePos(name string, path []string) (inputs.Position, bool) {
	layers := s.services[name]
	for i := len(path); i > 0; i-- {
		if f, k, _ := findKey(layers, path[:i]); k != nil {
			return f.pos(k), true
		}
	}
	pos, ok := s.origins[name]
	return pos, ok
}

// topLevelPos returns the position of the deepest key of section.path.
func (s *sources) topLevelPos(section string, path []string) (inputs.Position, bool) {
	full := append([]string{section}, path...)
	for i := len(full); i > 1; i-- {
		for j := len(s.topLevel) - 1; j >= 0; j-- {
			if k, _ := getPath(s.topLevel[j].node, full[:i]); k != nil {
				return s.topLevel[j].file.pos(k), true
			}
		}
	}
	return inputs.Position{}, false
}

// loaderPanic is a panic of compose-go, caught: some inputs its schema
// accepts crash it (v2.16.2 Normalize asserts that "pid: null" is a
// string), and a checker must report a bad file, not die on it.
type loaderPanic struct{ value any }

func (p *loaderPanic) Error() string { return fmt.Sprint(p.value) }

// loadProject is loader.LoadWithContext with its panics turned into
// errors.
func loadProject(ctx context.Context, details types.ConfigDetails, opts ...func(*loader.Options)) (project *types.Project, err error) {
	defer func() {
		if p := recover(); p != nil {
			project, err = nil, &loaderPanic{value: p}
		}
	}()
	return loader.LoadWithContext(ctx, details, opts...)
}

// nullableStrings are service keys compose-go's schema lets be null but
// its loader then reads as strings.
var nullableStrings = []string{"network_mode", "ipc", "pid", "uts", "cgroup"}

// panicError reports a compose-go panic at the key that caused it when it
// is a known one, else at the file.
func (s *sources) panicError(file string, p *loaderPanic) error {
	for _, name := range s.order {
		for _, key := range nullableStrings {
			if f, k, v := findKey(s.services[name], []string{key}); k != nil {
				if v = resolve(v); v == nil || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
					return inputs.Errorf(f.pos(k), "invalid compose project: services.%s.%s must be a string, not null", name, key)
				}
			}
		}
	}
	return &inputs.SourceError{Pos: inputs.Position{File: file}, Err: fmt.Errorf("invalid compose project: compose-go failed on it (%s)", s.scrubSecrets(p.Error()))}
}
