package compose

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/template"
	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// Where an interpolation variable's value came from.
const (
	fromDotEnv  = "dotenv"  // the project's own .env: committed, so literal
	fromProcess = "process" // --env, --env-file, --os-env: the deployment's
)

// environment is the set of variables interpolation may read, with the
// origin of each.
type environment struct {
	values map[string]string
	origin map[string]string
}

func (e *environment) lookup(name string) (string, bool) {
	v, ok := e.values[name]
	return v, ok
}

func (e *environment) set(name, value, origin string) {
	e.values[name] = value
	e.origin[name] = origin
}

// withDefaults returns a copy of e completed (never overridden) by vars,
// which count as committed with the project (origin fromDotEnv): how
// compose-go builds the environment of an included project from its
// env_file or .env.
func (e *environment) withDefaults(vars map[string]string) *environment {
	out := &environment{values: make(map[string]string, len(e.values)+len(vars)), origin: make(map[string]string, len(e.origin)+len(vars))}
	for k, v := range e.values {
		out.values[k] = v
	}
	for k, v := range e.origin {
		out.origin[k] = v
	}
	for k, v := range vars {
		if _, ok := out.values[k]; !ok {
			out.set(k, v, fromDotEnv)
		}
	}
	return out
}

// interpolate substitutes variables in s from e the way the loader does,
// without logging; an invalid template is returned as written.
func (e *environment) interpolate(s string) string {
	if e == nil || !strings.Contains(s, "$") {
		return s
	}
	out, err := substitute(false)(s, e.lookup)
	if err != nil {
		return s
	}
	return out
}

// readEnvFile reads and parses one env file (a .env, an --env-file, an
// include's env_file) with readFile's checks. Errors name the file
// relative to cwd and never quote its content.
func readEnvFile(path, cwd string, limit int64, readFile func(string) ([]byte, error), lookup func(string) (string, bool)) (map[string]string, error) {
	pos := inputs.Position{File: displayPath(cwd, path)}
	data, err := readFile(path)
	if err != nil {
		return nil, &inputs.SourceError{Pos: pos, Err: fmt.Errorf("read env file: %w", err)}
	}
	if _, line, err := envExpansion(data, lookup, limit); err != nil {
		pos.Line = line
		return nil, &inputs.SourceError{Pos: pos, Err: fmt.Errorf("read env file: %w", err)}
	}
	vals, err := dotenv.ParseWithLookup(bytes.NewReader(data), lookup)
	if err != nil {
		line, msg := dotenvError(err)
		pos.Line = line
		return nil, &inputs.SourceError{Pos: pos, Err: fmt.Errorf("parse env file: %s", msg)}
	}
	return vals, nil
}

// dotenvLine matches the line number of a dotenv parse error; what
// follows it may quote the line, and so a secret.
var dotenvLine = regexp.MustCompile(`line (\d+): ([a-z ]+)`)

// dotenvError returns the line of a dotenv parse error and its message
// without the quoted text.
func dotenvError(err error) (int, string) {
	m := dotenvLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, "invalid syntax"
	}
	line, _ := strconv.Atoi(m[1])
	return line, strings.TrimSpace(m[2])
}

// buildEnvironment assembles the interpolation environment: the project's
// .env (unless --env-file files replace it, as docker compose does), then
// the process environment when asked for, then --env values. The host
// environment is never read by default: it holds CI secrets.
func buildEnvironment(opts Options, projectDir string, readFile func(string) ([]byte, error)) (*environment, error) {
	env := &environment{values: map[string]string{}, origin: map[string]string{}}
	var osEnv map[string]string
	if opts.OSEnv {
		osEnv = map[string]string{}
		for _, kv := range os.Environ() {
			if k, v, ok := strings.Cut(kv, "="); ok {
				osEnv[k] = v
			}
		}
	}
	lookup := func(name string) (string, bool) {
		if v, ok := osEnv[name]; ok {
			return v, true
		}
		return env.lookup(name)
	}
	files, origin := opts.EnvFiles, fromProcess
	if len(files) == 0 {
		dot := filepath.Join(projectDir, ".env")
		if st, err := os.Stat(dot); err == nil && !st.IsDir() {
			files, origin = []string{dot}, fromDotEnv
		}
	}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		vals, err := readEnvFile(abs, opts.cwd(), opts.maxFileSize(), readFile, lookup)
		if err != nil {
			return nil, err
		}
		for k, v := range vals {
			env.set(k, v, origin)
		}
	}
	// the process environment wins over the env files, as in docker
	// compose; an explicit --env wins over both
	for k, v := range osEnv {
		env.set(k, v, fromProcess)
	}
	for _, kv := range opts.Env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			if ov, found := os.LookupEnv(k); found {
				env.set(k, ov, fromProcess)
			}
			continue
		}
		env.set(k, v, fromProcess)
	}
	return env, nil
}

// substitute is compose-go's interpolation with two changes: it never logs
// (compose-go's global logger knows no file name; dockpol reports unset
// variables itself, with positions), and a missing required variable
// (${X:?msg}) becomes empty instead of failing, unless strict.
func substitute(strict bool) func(string, template.Mapping) (string, error) {
	repl := func(s string, m template.Mapping, cfg *template.Config) (string, error) {
		v, _, err := template.DefaultReplacementAppliedFunc(s, m, cfg)
		if err != nil && !strict {
			var missing *template.MissingRequiredError
			if errors.As(err, &missing) {
				return "", nil
			}
		}
		return v, err
	}
	return func(tmpl string, m template.Mapping) (string, error) {
		return template.SubstituteWithOptions(tmpl, m, template.WithoutLogging, template.WithReplacementFunction(repl))
	}
}

// varRef finds variable references: $$ (an escaped dollar), ${NAME...} and
// $NAME. Group 1 is the braced name and group 2 what follows it, group 3
// an unbraced name.
var varRef = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}?|\$([A-Za-z_][A-Za-z0-9_]*)`)

// varReference is one use of a variable in a string.
type varReference struct {
	name     string
	required bool   // ${X:?msg} or ${X?msg}
	nonEmpty bool   // ${X:?msg}: an empty value fails too
	message  string // the :? message
	fallback bool   // ${X:-d}, ${X-d}, ${X:+d}, ${X+d}
}

// references returns the variables a string refers to.
func references(s string) []varReference {
	if !strings.Contains(s, "$") {
		return nil
	}
	var out []varReference
	for _, m := range varRef.FindAllStringSubmatch(s, -1) {
		switch {
		case m[0] == "$$":
		case m[3] != "":
			out = append(out, varReference{name: m[3]})
		default:
			r := varReference{name: m[1]}
			mod := m[2]
			switch {
			case strings.HasPrefix(mod, ":?"), strings.HasPrefix(mod, "?"):
				r.required = true
				r.nonEmpty = strings.HasPrefix(mod, ":")
				r.message = strings.TrimPrefix(strings.TrimPrefix(mod, ":"), "?")
			case strings.HasPrefix(mod, ":-"), strings.HasPrefix(mod, "-"),
				strings.HasPrefix(mod, ":+"), strings.HasPrefix(mod, "+"):
				r.fallback = true
			}
			out = append(out, r)
		}
	}
	return out
}

// checkVariables reports every reference to an unset variable in a file,
// once per variable, at its first use: a warning (the value becomes empty)
// or, in strict mode, an error.
func checkVariables(f *sourceFile, env *environment, strict bool) []inputs.Diagnostic {
	var out []inputs.Diagnostic
	seen := map[string]bool{}
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 256 {
			return
		}
		switch n.Kind {
		case yaml.ScalarNode:
			for _, r := range references(n.Value) {
				if r.fallback || seen[r.name] {
					continue
				}
				v, ok := env.lookup(r.name)
				if ok && (v != "" || !r.nonEmpty) {
					continue
				}
				seen[r.name] = true
				sev := inputs.SeverityWarning
				if strict {
					sev = inputs.SeverityError
				}
				msg := fmt.Sprintf("variable %s is not set; using an empty string", r.name)
				if r.required {
					msg = fmt.Sprintf("required variable %s is not set; using an empty string", r.name)
					if r.message != "" {
						msg += " (" + r.message + ")"
					}
				}
				out = append(out, inputs.Diagnostic{Severity: sev, Pos: f.pos(n), Message: msg})
			}
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				walk(n.Content[i], depth+1)
			}
		case yaml.SequenceNode, yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, depth+1)
			}
		}
	}
	for _, d := range f.docs {
		walk(d, 0)
	}
	return out
}
