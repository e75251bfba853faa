package compose

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockpol/dockpol/inputs"
)

// namespaceMode normalises pid/ipc/network_mode values: compose's
// "service:NAME" is "container:NAME" for the Engine.
func namespaceMode(v string) any {
	if v == "" {
		return nil
	}
	if rest, ok := strings.CutPrefix(v, "service:"); ok {
		return "container:" + rest
	}
	return v
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func argList(ss []string) any {
	if ss == nil {
		return nil
	}
	return inputs.StringList(inputs.RedactArgs(ss))
}

// hostPath writes a bind source for the report: inside the project root it
// becomes "./rel", under the home directory "~/rel", otherwise it stays the
// absolute host path it is.
func (b *builder) hostPath(p string) string {
	if p == "" || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(b.root, p); err == nil && !strings.HasPrefix(rel, "..") {
		if rel == "." {
			return "."
		}
		return "./" + filepath.ToSlash(rel)
	}
	if b.home != "" && b.home != "/" {
		if rel, err := filepath.Rel(b.home, p); err == nil && !strings.HasPrefix(rel, "..") {
			return "~/" + filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// writtenHostPath is hostPath for a path that compose resolved from what
// the file wrote: a path written relative (../shared) stays relative to
// the project root even outside it, so the report never carries the
// absolute path of the machine that ran the check.
func (b *builder) writtenHostPath(p, written string) string {
	written = strings.TrimSpace(written)
	if written == "" || filepath.IsAbs(written) || strings.HasPrefix(written, "~") || !filepath.IsAbs(p) {
		return b.hostPath(p)
	}
	rel, err := filepath.Rel(b.root, p)
	if err != nil {
		return b.hostPath(p)
	}
	rel = filepath.ToSlash(rel)
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") {
		return rel
	}
	return "./" + rel
}

// topLevelScalar returns a scalar of a top-level section as written in
// the highest layer that sets it, interpolated ("" when none sets it).
func (b *builder) topLevelScalar(path ...string) string {
	for i := len(b.src.topLevel) - 1; i >= 0; i-- {
		l := b.src.topLevel[i]
		if k, v := getPath(l.node, path); k != nil {
			return l.file.interpolate(scalarString(v))
		}
	}
	return ""
}

// projectPath writes the file of a top-level secret or config relative to
// the project root, as docs/input.md says of paths in the document
// ("secrets/db.txt"); one outside it as hostPath does.
func (b *builder) projectPath(p, section, name string) any {
	if p == "" {
		return nil
	}
	if !filepath.IsAbs(p) {
		return filepath.ToSlash(p)
	}
	return strings.TrimPrefix(b.writtenHostPath(p, b.topLevelScalar(section, name, "file")), "./")
}

// builder turns a loaded compose project into the normalised document.
type builder struct {
	project *types.Project
	src     *sources
	env     *environment
	root    string // project directory (absolute)
	home    string
	prov    inputs.Provenance
	err     error // the first input error met while building
	// warnings met while building (a build: whose Dockerfile cannot be read)
	warnings []inputs.Diagnostic
	// dockerfiles read for build: services, as reported
	dockerfiles []string // oneShots are the services another waits to complete (oneShot)
	oneShots    map[string]bool
}

func (b *builder) document(path string, files []string) map[string]any {
	doc := map[string]any{
		"schema":  inputs.Schema,
		"kind":    inputs.KindCompose,
		"source":  map[string]any{"path": path, "adapter": "compose", "files": inputs.StringList(files)},
		"project": map[string]any{"name": b.project.Name},
	}
	names := b.serviceOrder()
	containers := make([]any, 0, len(names))
	for i, name := range names {
		svc := b.project.Services[name]
		containers = append(containers, b.container(i, svc))
	}
	inputs.MarkSharedMounts(containers)
	doc["containers"] = containers
	doc["networks"] = b.networks()
	doc["volumes"] = b.volumes()
	secrets := map[string]types.FileObjectConfig{}
	for n, s := range b.project.Secrets {
		secrets[n] = types.FileObjectConfig(s)
	}
	configs := map[string]types.FileObjectConfig{}
	for n, c := range b.project.Configs {
		configs[n] = types.FileObjectConfig(c)
	}
	doc["secrets"] = b.fileObjects(secrets, "secrets")
	doc["configs"] = b.fileObjects(configs, "configs")
	return doc
}

// serviceOrder lists services in the order their files define them (the
// order a reader sees), then any compose-go knows that we did not see.
func (b *builder) serviceOrder() []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range b.src.order {
		if _, ok := b.project.Services[n]; ok && !seen[n] {
			out = append(out, n)
			seen[n] = true
		}
	}
	var rest []string
	for n := range b.project.Services {
		if !seen[n] {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func (b *builder) networks() []any {
	names := inputs.SortedKeys(b.project.Networks)
	out := make([]any, 0, len(names))
	for i, n := range names {
		nw := b.project.Networks[n]
		out = append(out, map[string]any{
			"name":        n,
			"driver":      inputs.StrOrNil(nw.Driver),
			"external":    bool(nw.External),
			"internal":    nw.Internal,
			"driver_opts": inputs.RedactedMap(nw.DriverOpts),
		})
		b.topLevelPos(inputs.JoinPath("networks", i), "networks", n)
	}
	return out
}

func (b *builder) volumes() []any {
	names := inputs.SortedKeys(b.project.Volumes)
	out := make([]any, 0, len(names))
	for i, n := range names {
		v := b.project.Volumes[n]
		out = append(out, map[string]any{
			"name":        n,
			"driver":      inputs.StrOrNil(v.Driver),
			"external":    bool(v.External),
			"driver_opts": inputs.RedactedMap(v.DriverOpts),
			"bind_device": inputs.StrOrNil(b.bindDevice(n, v)),
		})
		b.topLevelPos(inputs.JoinPath("volumes", i), "volumes", n)
	}
	return out
}

// bindDevice returns the host path of a local-driver volume declared as
// type=none,o=bind,device=PATH (a bind mount in disguise), else "".
func (b *builder) bindDevice(name string, v types.VolumeConfig) string {
	if v.Driver != "" && v.Driver != "local" {
		return ""
	}
	dev := v.DriverOpts["device"]
	if dev == "" {
		return ""
	}
	for _, o := range strings.Split(v.DriverOpts["o"], ",") {
		if strings.TrimSpace(o) == "bind" || strings.TrimSpace(o) == "rbind" {
			written := b.topLevelScalar("volumes", name, "driver_opts", "device")
			if written == "" {
				written = dev
			}
			return b.writtenHostPath(absPath(b.root, dev), written)
		}
	}
	return ""
}

func (b *builder) fileObjects(objs map[string]types.FileObjectConfig, section string) []any {
	names := inputs.SortedKeys(objs)
	out := make([]any, 0, len(names))
	for i, n := range names {
		o := objs[n]
		out = append(out, map[string]any{
			"name":        n,
			"file":        b.projectPath(o.File, section, n),
			"environment": inputs.StrOrNil(o.Environment),
			"external":    bool(o.External),
		})
		b.topLevelPos(inputs.JoinPath(section, i), section, n)
	}
	return out
}

func (b *builder) topLevelPos(path, section, name string) {
	for i := len(b.src.topLevel) - 1; i >= 0; i-- {
		l := b.src.topLevel[i]
		if k, _ := getPath(l.node, []string{section, name}); k != nil {
			b.prov[path] = l.file.pos(k)
			return
		}
	}
}
