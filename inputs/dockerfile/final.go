package dockerfile

import (
	"sort"

	"github.com/dockpol/dockpol/inputs"
)

// final builds the summary of the image the last stage produces
// (dockerfile.final) and its container view: the image as a container
// would run it, for the container rules. Only what a Dockerfile can
// express is in the container object; a field it leaves unset is null
// (the base image's value applies), and a field it cannot express at all
// (memory limit, privileged, mounts, ...) is absent.
func (b *builder) final(last *stage) (map[string]any, map[string]any) {
	cfg := last.cfg
	const c0 = "containers[0]"

	// the image the chain of stages starts from
	root := last
	for root.parent != nil {
		root = root.parent
	}
	var image any
	// A base named by build arguments alone (FROM ${BASE}) says nothing of
	// the image that will run: no image, rather than one "without a tag".
	unknown := false
	if u, _ := root.base["unresolved"].([]any); len(u) > 0 && root.base["tag"] == nil && root.base["digest"] == nil {
		unknown = true
	}
	if !root.scratch && root.external != "" && !unknown {
		image = map[string]any{}
		for k, v := range root.base {
			switch k {
			case "ref", "registry", "repository", "tag", "digest":
				image.(map[string]any)[k] = v
			}
		}
		b.prov[c0+".image"] = b.pos(root.line)
	}

	var user any
	if cfg.user != nil {
		user = cfg.user.value
		b.prov[c0+".user"] = b.pos(cfg.user.line)
		b.prov["dockerfile.final.user"] = b.pos(cfg.user.line)
	}
	var hc any
	if cfg.healthcheck != nil {
		hc = cfg.healthcheck.value
		b.prov[c0+".healthcheck"] = b.pos(cfg.healthcheck.line)
		b.prov["dockerfile.final.healthcheck"] = b.pos(cfg.healthcheck.line)
	}
	exposed := []any{}
	seen := map[string]bool{}
	for _, p := range cfg.expose {
		if seen[p.value] {
			continue
		}
		seen[p.value] = true
		b.prov[inputs.JoinPath(c0, "exposed_ports", len(exposed))] = b.pos(p.line)
		b.prov[inputs.JoinPath("dockerfile.final", "exposed_ports", len(exposed))] = b.pos(p.line)
		exposed = append(exposed, p.value)
	}

	names := append([]string(nil), cfg.envOrder...)
	sort.Strings(names)
	env := make([]any, 0, len(names))
	envNames := make([]any, 0, len(names))
	for _, n := range names {
		s := cfg.env[n]
		b.prov[inputs.JoinPath(c0, "environment", len(env))] = b.pos(s.line)
		env = append(env, s.value)
		envNames = append(envNames, n)
	}
	argNames := []any{}
	seenArg := map[string]bool{}
	for _, n := range cfg.args {
		if !seenArg[n] {
			seenArg[n] = true
			argNames = append(argNames, n)
		}
	}

	var shell, workdir, command, entrypoint any
	if cfg.shell != nil {
		shell = anyList(cfg.shell.value)
		b.prov["dockerfile.final.shell"] = b.pos(cfg.shell.line)
	}
	if cfg.workdir != nil {
		workdir = cfg.workdir.value
		b.prov["dockerfile.final.workdir"] = b.pos(cfg.workdir.line)
	}
	if cfg.cmd != nil {
		command = anyList(cfg.cmd.value)
		b.prov[c0+".command"] = b.pos(cfg.cmd.line)
	}
	if cfg.entrypoint != nil {
		entrypoint = anyList(cfg.entrypoint.value)
		b.prov[c0+".entrypoint"] = b.pos(cfg.entrypoint.line)
	}
	labels := map[string]any{}
	for k, s := range cfg.labels {
		labels[k] = s.value
		b.prov[c0+".labels."+k] = b.pos(s.line)
	}

	final := map[string]any{
		"stage":         last.index,
		"user":          user,
		"healthcheck":   hc,
		"exposed_ports": exposed,
		"env_names":     envNames,
		"arg_names":     argNames,
		"shell":         shell,
		"workdir":       workdir,
	}
	b.prov["dockerfile.final"] = b.pos(last.line)

	container := map[string]any{
		"name":          b.path,
		"origin":        map[string]any{"kind": "image", "file": b.path, "line": last.line},
		"image":         image,
		"user":          user,
		"healthcheck":   hc,
		"exposed_ports": exposed,
		"environment":   env,
		"command":       command,
		"entrypoint":    entrypoint,
		"labels":        labels,
	}
	b.prov[c0] = b.pos(last.line)
	return final, container
}
