package dockerfile

import (
	"strings"

	"github.com/distribution/reference"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/dockpol/dockpol/inputs"
)

// defaultShell is what shell-form RUN, CMD and ENTRYPOINT run with when no
// SHELL instruction says otherwise (on Linux).
var defaultShell = []string{"/bin/sh", "-c"}

// nodeArgs returns an instruction's arguments as BuildKit's instructions
// package reads them from the AST.
func nodeArgs(node *parser.Node) []string {
	out := []string{}
	for ; node.Next != nil; node = node.Next {
		arg := node.Next
		switch len(arg.Children) {
		case 0:
			out = append(out, arg.Value)
		case 1:
			out = append(out, arg.Children[0].Value)
			out = append(out, nodeArgs(arg.Children[0])...)
		}
	}
	return out
}

func anyList(ss []string) []any {
	out := make([]any, 0, len(ss))
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}

func validRef(ref string) bool {
	_, err := reference.ParseNormalizedNamed(ref)
	return err == nil
}

// instruction normalises one instruction of stage st and applies it to
// the stage's image config.
func (b *builder) instruction(st *stage, node *parser.Node, typed any) (map[string]any, error) {
	return b.instructionApply(st, node, typed, true)
}

// instructionApply builds the instruction object; apply false leaves the
// stage alone (an ONBUILD trigger runs in a later build, not this one).
func (b *builder) instructionApply(st *stage, node *parser.Node, typed any, apply bool) (map[string]any, error) {
	line := node.StartLine
	jsonForm := node.Attributes["json"]
	m := map[string]any{
		"cmd":       strings.ToUpper(node.Value),
		"line":      line,
		"end_line":  max(node.EndLine, line),
		"flags":     anyList(redactArgs(nonNilStrings(node.Flags))),
		"json_form": jsonForm,
	}
	cfg := &st.cfg
	scope := st.scope
	if !apply {
		// expand against a copy: an ONBUILD trigger changes nothing here
		cfg = &imageConfig{env: map[string]setting[map[string]any]{}, labels: map[string]setting[string]{}}
		scope = make(map[string]string, len(st.scope))
		for k, v := range st.scope {
			scope[k] = v
		}
	}
	args := redactArgs(nodeArgs(node))
	switch c := typed.(type) {
	case *instructions.EnvCommand:
		args = args[:0]
		vars := []any{}
		for _, kv := range c.Env {
			v, missing := b.expand(kv.Value, scope)
			shown := v
			if len(missing) > 0 {
				// part of the value comes from the base image or a build
				// argument: show the value as written
				shown = unquote(kv.Value)
			}
			e := variable(kv.Key, shown, true, missing)
			vars = append(vars, e)
			args = append(args, kv.Key+"="+shownValue(e))
			scope[kv.Key] = v
			if _, seen := cfg.env[kv.Key]; !seen {
				cfg.envOrder = append(cfg.envOrder, kv.Key)
			}
			cfg.env[kv.Key] = setting[map[string]any]{value: e, line: line}
		}
		m["vars"] = vars
	case *instructions.ArgCommand:
		args = args[:0]
		vars := []any{}
		for _, kv := range c.Args {
			var e map[string]any
			if v, ok := b.buildArgs[kv.Key]; ok && apply {
				e = variable(kv.Key, v, true, nil)
				args = append(args, kv.Key+"="+shownValue(e))
				scope[kv.Key] = v
			} else if kv.Value == nil {
				e = variable(kv.Key, "", false, nil)
				args = append(args, kv.Key)
				if v, ok := b.meta[kv.Key]; ok {
					scope[kv.Key] = v // the global ARG's default
				}
			} else {
				v, missing := b.expand(*kv.Value, scope)
				e = variable(kv.Key, v, true, missing)
				args = append(args, kv.Key+"="+shownValue(e))
				scope[kv.Key] = v
			}
			vars = append(vars, e)
			cfg.args = append(cfg.args, kv.Key)
		}
		m["vars"] = vars
	case *instructions.LabelCommand:
		args = args[:0]
		labels := map[string]any{}
		for _, kv := range c.Labels {
			k, _ := b.expand(kv.Key, scope)
			v, _ := b.expand(kv.Value, scope)
			v = inputs.RedactValue(k, v)
			labels[k] = v
			args = append(args, k+"="+v)
			cfg.labels[k] = setting[string]{value: v, line: line}
		}
		m["labels"] = labels
	case *instructions.CopyCommand:
		b.copyFields(m, node, c.SourcePaths, c.DestPath, c.Chown, c.Chmod)
		m["from"] = inputs.StrOrNil(c.From)
	case *instructions.AddCommand:
		b.copyFields(m, node, c.SourcePaths, c.DestPath, c.Chown, c.Chmod)
	case *instructions.WorkdirCommand:
		p, _ := b.expand(c.Path, scope)
		m["path"] = p
		cfg.workdir = &setting[string]{value: p, line: line}
	case *instructions.RunCommand:
		if err := c.Expand(func(w string) (string, error) { v, _ := b.expand(w, scope); return v, nil }); err != nil {
			return nil, sourceError(b.path, line, err)
		}
		args = b.commandArgs(c.CmdLine, jsonForm)
		heredocs := []any{}
		script := strings.Join(args, " ")
		for _, h := range node.Heredocs {
			content := redactScript(h.Content)
			heredocs = append(heredocs, map[string]any{"name": h.Name, "expand": h.Expand, "content": content})
			script += "\n" + content
		}
		m["heredocs"] = heredocs
		m["script"] = script
		m["mounts"] = runMounts(c)
		m["network"] = instructions.GetNetwork(c)
		m["security"] = instructions.GetSecurity(c)
	case *instructions.CmdCommand:
		args = b.commandArgs(c.CmdLine, jsonForm)
		cfg.cmd = &setting[[]string]{value: imageCommand(cfg, args, c.PrependShell), line: line}
		if apply {
			st.cmdInStage = true
		}
	case *instructions.EntrypointCommand:
		args = b.commandArgs(c.CmdLine, jsonForm)
		cfg.entrypoint = &setting[[]string]{value: imageCommand(cfg, args, c.PrependShell), line: line}
		if apply && !st.cmdInStage {
			cfg.cmd = nil // ENTRYPOINT resets the CMD of the base
		}
	case *instructions.HealthCheckCommand:
		hc := healthcheck(c.Health.Test)
		m["healthcheck"] = hc
		if t, ok := hc["test"].([]any); ok && len(t) > 1 {
			args = []string{"CMD"}
			for _, a := range t[1:] {
				args = append(args, a.(string))
			}
		}
		cfg.healthcheck = &setting[map[string]any]{value: hc, line: line}
	case *instructions.ExposeCommand:
		ports := []any{}
		for _, p := range c.Ports {
			v, _ := b.expand(p, scope)
			for _, f := range strings.Fields(v) {
				port := normPort(f)
				ports = append(ports, port)
				cfg.expose = append(cfg.expose, setting[string]{value: port, line: line})
			}
		}
		m["ports"] = ports
	case *instructions.UserCommand:
		u, missing := b.expand(c.User, scope)
		if len(missing) > 0 && (u == "" || strings.HasPrefix(u, ":")) {
			u = c.User // USER $APP_UID with no value: keep what is written
		}
		m["user"] = u
		cfg.user = &setting[string]{value: u, line: line}
	case *instructions.ShellCommand:
		args = c.Shell
		cfg.shell = &setting[[]string]{value: c.Shell, line: line}
	case *instructions.OnbuildCommand:
		args = nil // unless the trigger parses: its words may be an ENV's secret
		if node.Next != nil && len(node.Next.Children) == 1 {
			child := node.Next.Children[0]
			child.StartLine, child.EndLine = node.StartLine, node.EndLine
			if sub, err := instructions.ParseInstruction(child); err == nil {
				trigger, err := b.instructionApply(st, child, sub, false)
				if err != nil {
					return nil, err
				}
				m["trigger"] = trigger
				// the trigger's arguments, redacted as they are there
				args = append([]string{trigger["cmd"].(string)}, anyStrings(trigger["args"])...)
			}
		}
	}
	m["args"] = anyList(args)
	return m, nil
}

// shownValue is how a variable's value appears in an instruction's args:
// the value, or inputs.Redacted for a secret-like variable.
func shownValue(e map[string]any) string {
	if v, ok := e["value"].(string); ok {
		return v
	}
	if e["value_kind"] == "passthrough" {
		return ""
	}
	return inputs.Redacted
}

// commandArgs are the arguments of RUN, CMD or ENTRYPOINT with secrets
// redacted: the exec-form list, or the shell-form command line as one
// string.
func (b *builder) commandArgs(cmdLine []string, jsonForm bool) []string {
	if jsonForm {
		return redactArgs(cmdLine)
	}
	return []string{redactScript(strings.Join(cmdLine, " "))}
}

// imageCommand is a CMD or ENTRYPOINT as the image config stores it: a
// shell-form command runs under the shell in effect.
func imageCommand(cfg *imageConfig, args []string, prependShell bool) []string {
	if !prependShell {
		return args
	}
	sh := defaultShell
	if cfg.shell != nil {
		sh = cfg.shell.value
	}
	return append(append([]string(nil), sh...), args...)
}

// copyFields adds what COPY and ADD share: sources, destination, owner
// and mode as written, and the names of inline heredoc files (their
// content, a file written into the image, is left out).
func (b *builder) copyFields(m map[string]any, node *parser.Node, sources []string, dest, chown, chmod string) {
	unq := make([]string, 0, len(sources))
	for _, src := range sources {
		unq = append(unq, unquote(src))
	}
	m["sources"] = anyList(redactArgs(unq))
	m["dest"] = unquote(dest)
	m["chown"] = inputs.StrOrNil(chown)
	m["chmod"] = inputs.StrOrNil(chmod)
	heredocs := []any{}
	for _, h := range node.Heredocs {
		heredocs = append(heredocs, map[string]any{"name": h.Name, "expand": h.Expand})
	}
	m["heredocs"] = heredocs
}

// runMounts normalises the --mount flags of RUN.
func runMounts(c *instructions.RunCommand) []any {
	out := []any{}
	for _, mt := range instructions.GetMounts(c) {
		if mt == nil {
			continue
		}
		m := map[string]any{
			"type":      string(mt.Type),
			"target":    inputs.StrOrNil(mt.Target),
			"source":    inputs.StrOrNil(mt.Source),
			"from":      inputs.StrOrNil(mt.From),
			"id":        inputs.StrOrNil(mt.CacheID),
			"env":       nil,
			"required":  mt.Required,
			"read_only": mt.ReadOnly,
		}
		if mt.Env != nil {
			m["env"] = *mt.Env
		}
		out = append(out, m)
	}
	return out
}

// healthcheck is the Container healthcheck shape: {test, disabled}, with
// secret-looking arguments of the test redacted.
func healthcheck(test []string) map[string]any {
	if len(test) == 0 {
		return map[string]any{"test": nil, "disabled": false}
	}
	out := []string{test[0]}
	switch test[0] {
	case "CMD-SHELL":
		for _, a := range test[1:] {
			out = append(out, redactScript(a))
		}
	default:
		out = append(out, redactArgs(test[1:])...)
	}
	return map[string]any{"test": anyList(out), "disabled": strings.EqualFold(test[0], "NONE")}
}

// normPort writes an EXPOSE entry as "80/tcp": the protocol lower case,
// tcp when none is given.
func normPort(p string) string {
	port, proto, ok := strings.Cut(p, "/")
	if !ok || proto == "" {
		proto = "tcp"
	}
	return port + "/" + strings.ToLower(proto)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func anyStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// unquote removes the quotes around a whole word ("a b" or 'a b').
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
