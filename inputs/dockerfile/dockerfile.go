// Package dockerfile is the Dockerfile input adapter: it parses a
// Dockerfile with BuildKit's own parser (the one `docker build` uses:
// heredocs, line continuations, parser directives, RUN --mount flags) and
// turns it into the normalised dockpol/v1 document of kind "dockerfile":
// the stages and their instructions with line numbers for Dockerfile
// rules, and one image-level container (the final stage as an image) for
// the container rules about user, healthcheck and image reference. Secret
// values of ENV and ARG never enter the document.
package dockerfile

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"github.com/dockpol/dockpol/inputs"
)

// DefaultMaxFileSize caps the Dockerfiles the adapter reads, as the
// compose adapter caps compose files.
const DefaultMaxFileSize = 10 << 20

// Adapter is the adapter name written in source.adapter.
const Adapter = "dockerfile"

// Decode parses the Dockerfile data, reported under path (relative to
// the project root, with forward slashes), into its normalised document.
// An input that BuildKit would refuse gives one *inputs.SourceError with
// the file and line.
func Decode(path string, data []byte) (doc *inputs.Document, err error) {
	defer func() {
		// BuildKit's parser is not ours: a panic on a malformed input is
		// this input's error, not the whole run's.
		if p := recover(); p != nil {
			doc, err = nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w: %v", ErrParserPanic, p)}
		}
	}()
	b, escape, err := parse(path, data, nil)
	if err != nil {
		return nil, err
	}
	value := b.document(data, escape)
	inputs.SortDiagnostics(b.warnings)
	return &inputs.Document{Path: path, Value: value, Provenance: b.prov, Warnings: b.warnings}, nil
}

// parse parses and walks the Dockerfile data; buildArgs, when not nil,
// override ARG defaults as docker build --build-arg does. The caller
// recovers BuildKit's panics.
func parse(path string, data []byte, buildArgs map[string]string) (*builder, rune, error) {
	if len(data) > DefaultMaxFileSize {
		return nil, 0, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w (limit %d bytes)", inputs.ErrTooLarge, DefaultMaxFileSize)}
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, 0, sourceError(path, 0, err)
	}
	b := &builder{
		path:      path,
		prov:      inputs.Provenance{},
		lex:       shell.NewLex(res.EscapeToken),
		meta:      map[string]string{},
		buildArgs: buildArgs,
	}
	for _, w := range res.Warnings {
		line := 0
		if w.Location != nil {
			line = w.Location.Start.Line
		}
		b.warnings = append(b.warnings, inputs.Diagnostic{
			Severity: inputs.SeverityWarning,
			Pos:      inputs.Position{File: path, Line: line},
			Message:  strings.TrimSuffix(strings.SplitN(w.Short, ":", 2)[0], " in") + " (a future Dockerfile syntax rejects it)",
		})
	}
	if err := b.build(res.AST); err != nil {
		return nil, 0, err
	}
	return b, res.EscapeToken, nil
}

// sourceError turns a BuildKit error into a SourceError at its line (or
// at line, when the error carries none).
func sourceError(path string, line int, err error) error {
	var le *parser.LocationError
	if errors.As(err, &le) {
		if len(le.Locations) > 0 && len(le.Locations[0]) > 0 && le.Locations[0][0].Start.Line > 0 {
			line = le.Locations[0][0].Start.Line
		}
		if inner := le.Unwrap(); inner != nil {
			err = inner
		}
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "dockerfile line greater than max allowed size") {
		// BuildKit counts the lines read before the one too long to read
		line++
	}
	if msg == "file with no instructions" {
		return &inputs.SourceError{Pos: inputs.Position{File: path}, Err: ErrEmpty}
	}
	// BuildKit's messages are one line; keep ours so.
	msg = strings.ReplaceAll(msg, "\n", " ")
	return &inputs.SourceError{Pos: inputs.Position{File: path, Line: line}, Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
}

// builder accumulates the document while walking the instructions.
type builder struct {
	path     string
	prov     inputs.Provenance
	warnings []inputs.Diagnostic
	lex      *shell.Lex
	meta     map[string]string // global ARGs (before the first FROM) with a value
	metaArgs []any             // their normalised form
	stages   []*stage
	// buildArgs override ARG defaults (--build-arg); nil for a Dockerfile
	// checked on its own, whose ARGs keep their defaults.
	buildArgs map[string]string
}

// stage is one FROM and what follows it.
type stage struct {
	index      int
	name       string
	line       int
	base       map[string]any
	parent     *stage // the earlier stage this one is built FROM, if any
	external   string // the image reference when based on an image
	scratch    bool
	platform   string
	instrs     []any
	scope      map[string]string // ARG and ENV values in scope, for expansion
	cfg        imageConfig       // the image config this stage produces
	cmdInStage bool
}

// setting is one value of the image config with the line that set it.
type setting[T any] struct {
	value T
	line  int
}

// imageConfig is the part of an image's config a Dockerfile decides.
type imageConfig struct {
	user        *setting[string]
	healthcheck *setting[map[string]any]
	expose      []setting[string]
	env         map[string]setting[map[string]any]
	envOrder    []string
	args        []string
	cmd         *setting[[]string]
	entrypoint  *setting[[]string]
	shell       *setting[[]string]
	workdir     *setting[string]
	labels      map[string]setting[string]
}

func (c imageConfig) clone() imageConfig {
	out := c
	out.expose = append([]setting[string](nil), c.expose...)
	out.env = make(map[string]setting[map[string]any], len(c.env))
	for k, v := range c.env {
		out.env[k] = v
	}
	out.envOrder = append([]string(nil), c.envOrder...)
	out.args = append([]string(nil), c.args...)
	out.labels = make(map[string]setting[string], len(c.labels))
	for k, v := range c.labels {
		out.labels[k] = v
	}
	return out
}

// build walks the instructions: global ARGs, then stages.
func (b *builder) build(ast *parser.Node) error {
	for _, node := range ast.Children {
		typed, err := instructions.ParseInstruction(node)
		if err != nil {
			return sourceError(b.path, node.StartLine, err)
		}
		if from, ok := typed.(*instructions.Stage); ok {
			b.from(node, from)
			continue
		}
		if len(b.stages) == 0 {
			arg, ok := typed.(*instructions.ArgCommand)
			if !ok {
				return &inputs.SourceError{Pos: inputs.Position{File: b.path, Line: node.StartLine}, Err: fmt.Errorf("%w: %s before the first FROM", ErrNoStage, strings.ToUpper(node.Value))}
			}
			b.globalArg(node, arg)
			continue
		}
		st := b.stages[len(b.stages)-1]
		in, err := b.instruction(st, node, typed)
		if err != nil {
			return err
		}
		i := len(st.instrs)
		st.instrs = append(st.instrs, in)
		b.prov[inputs.JoinPath("dockerfile", "stages", st.index, "instructions", i)] = b.pos(node.StartLine)
	}
	if len(b.stages) == 0 {
		return &inputs.SourceError{Pos: inputs.Position{File: b.path}, Err: ErrNoStages}
	}
	return nil
}

func (b *builder) pos(line int) inputs.Position {
	return inputs.Position{File: b.path, Line: line}
}

// expand substitutes variables in word from env the way BuildKit does;
// unresolved lists the variables that had no value. A word BuildKit's
// lexer rejects is returned as written.
func (b *builder) expand(word string, env map[string]string) (string, []string) {
	if !strings.ContainsAny(word, "$\"'\\`") {
		return word, nil
	}
	res, err := b.lex.ProcessWordWithMatches(word, envGetter(env))
	if err != nil {
		return word, nil
	}
	var missing []string
	for name := range res.Unmatched {
		missing = append(missing, name)
	}
	sort.Strings(missing)
	return res.Result, missing
}

// envGetter adapts a map to shell.EnvGetter.
type envGetter map[string]string

func (e envGetter) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }

func (e envGetter) Keys() []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// globalArg records an ARG before the first FROM: its default is what FROM
// lines expand with.
func (b *builder) globalArg(node *parser.Node, arg *instructions.ArgCommand) {
	for _, kv := range arg.Args {
		idx := len(b.metaArgs)
		if v, ok := b.buildArgs[kv.Key]; ok {
			b.meta[kv.Key] = v
			b.metaArgs = append(b.metaArgs, variable(kv.Key, v, true, nil))
		} else if kv.Value == nil {
			b.metaArgs = append(b.metaArgs, variable(kv.Key, "", false, nil))
		} else {
			v, missing := b.expand(*kv.Value, b.meta)
			b.meta[kv.Key] = v
			b.metaArgs = append(b.metaArgs, variable(kv.Key, v, true, missing))
		}
		b.prov[inputs.JoinPath("dockerfile", "args", idx)] = b.pos(node.StartLine)
	}
}

// variable is an ENV or ARG entry in the Env shape of the container
// environment: name, how its value was given, whether it looks like a
// secret, and the value only when it does not. Secret-likeness is decided
// exactly as the compose adapter decides it.
func variable(name, value string, hasValue bool, missing []string) map[string]any {
	kind := "literal"
	switch {
	case !hasValue:
		kind = "passthrough" // ARG NAME: the value comes from --build-arg
	case len(missing) > 0:
		kind = "interpolated" // from a build argument given when building
	case strings.HasSuffix(strings.ToUpper(name), "_FILE"):
		kind = "file_ref"
	case value == "":
		kind = "empty"
	}
	secret := inputs.SecretLike(name, value) && kind != "file_ref" || inputs.SecretValue(value)
	if !hasValue {
		secret = inputs.SecretName(name)
	}
	e := map[string]any{"name": name, "value_kind": kind, "secret_like": secret}
	if !secret && hasValue {
		e["value"] = value
	}
	return e
}

// from starts a stage.
func (b *builder) from(node *parser.Node, from *instructions.Stage) {
	st := &stage{
		index:    len(b.stages),
		name:     from.Name,
		line:     node.StartLine,
		platform: from.Platform,
		scope:    map[string]string{},
		instrs:   []any{},
	}
	written := from.BaseName
	ref, missing := b.expand(written, b.meta)
	base := map[string]any{
		"ref": ref, "written": written,
		"registry": nil, "repository": nil, "tag": nil, "digest": nil,
		"scratch": false, "stage": false, "stage_index": nil,
		"unresolved": inputs.StringList(missing),
	}
	var parent *stage
	for _, prev := range b.stages {
		if prev.name != "" && strings.EqualFold(prev.name, ref) {
			parent = prev
		}
	}
	switch {
	case parent != nil:
		base["stage"], base["stage_index"] = true, parent.index
		st.parent = parent
		st.cfg = parent.cfg.clone()
		for k, v := range parent.scope {
			if _, isEnv := parent.cfg.env[k]; isEnv {
				st.scope[k] = v // ENV is inherited, ARG is not
			}
		}
		st.cfg.args = nil
	case strings.EqualFold(ref, "scratch"):
		base["scratch"] = true
		st.scratch = true
		st.cfg = imageConfig{env: map[string]setting[map[string]any]{}, labels: map[string]setting[string]{}}
	default:
		parts := imageParts(ref)
		if len(missing) > 0 && !validRef(ref) {
			// an ARG without a value: keep what is written, so a tag
			// given by a build argument is not mistaken for no tag
			parts = imageParts(written)
			base["ref"] = written
		}
		for _, k := range []string{"registry", "repository", "tag", "digest"} {
			base[k] = parts[k]
		}
		st.external = base["ref"].(string)
		st.cfg = imageConfig{env: map[string]setting[map[string]any]{}, labels: map[string]setting[string]{}}
	}
	st.base = base
	b.stages = append(b.stages, st)
	p := b.pos(node.StartLine)
	b.prov[inputs.JoinPath("dockerfile", "stages", st.index)] = p
}

// stageMap is the normalised form of a stage.
func (st *stage) stageMap() map[string]any {
	return map[string]any{
		"index":        st.index,
		"name":         inputs.StrOrNil(st.name),
		"base":         st.base,
		"platform":     inputs.StrOrNil(st.platform),
		"line":         st.line,
		"instructions": st.instrs,
	}
}

// document assembles the whole document.
func (b *builder) document(data []byte, escape rune) map[string]any {
	stages := make([]any, 0, len(b.stages))
	for _, st := range b.stages {
		stages = append(stages, st.stageMap())
	}
	var syntax any
	if s, _, loc, ok := parser.DetectSyntax(data); ok {
		syntax = s
		if len(loc) > 0 {
			b.prov["dockerfile.syntax"] = b.pos(loc[0].Start.Line)
		}
	}
	last := b.stages[len(b.stages)-1]
	final, container := b.final(last)
	return map[string]any{
		"schema": inputs.Schema,
		"kind":   inputs.KindDockerfile,
		"source": map[string]any{"path": b.path, "adapter": Adapter, "files": []any{b.path}},
		"dockerfile": map[string]any{
			"syntax": syntax,
			"escape": string(escape),
			"args":   nonNil(b.metaArgs),
			"stages": stages,
			"final":  final,
		},
		"containers": []any{container},
	}
}

func nonNil(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}
