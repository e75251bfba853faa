package compose

import (
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/format"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// layer is one mapping node that contributes keys to a service, from the
// file that holds it. A service's layers are ordered from lowest to highest
// priority: an extends base, then the service itself, then overrides.
type layer struct {
	file *sourceFile
	node *yaml.Node
}

// sourceFile is one YAML file that contributes to a project, parsed with
// positions.
type sourceFile struct {
	abs     string       // absolute path on this machine, never printed
	rel     string       // path as reported
	docs    []*yaml.Node // the mapping node of each YAML document
	env     *environment // the variables its interpolation reads
	workDir string       // the directory its relative paths resolve against
}

// interpolate substitutes variables in s as the loader does for f.
func (f *sourceFile) interpolate(s string) string { return f.env.interpolate(s) }

// pos returns the position of n in f.
func (f *sourceFile) pos(n *yaml.Node) inputs.Position {
	if n == nil {
		return inputs.Position{File: f.rel}
	}
	return inputs.Position{File: f.rel, Line: n.Line, Col: n.Column}
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// mapGet returns the key and value nodes of key in the mapping m, following
// aliases and YAML merge keys ("<<: *base"); explicit keys win over merged
// ones, as in YAML.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	return mapGetVisit(m, key, nil, 0)
}

// maxMergeDepth bounds chains of merge keys.
const maxMergeDepth = 32

// mapGetVisit is mapGet that visits each merged mapping once: merge keys
// can name the same anchor many times at every level, and walking every
// path would take exponential time (a billion-laughs document).
func mapGetVisit(m *yaml.Node, key string, visited map[*yaml.Node]bool, depth int) (k, v *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > maxMergeDepth || visited[m] {
		return nil, nil
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if kn.Value == key && kn.Tag != "!!merge" {
			return kn, m.Content[i+1]
		}
		if kn.Tag == "!!merge" || kn.Value == "<<" {
			merges = append(merges, m.Content[i+1])
		}
	}
	if len(merges) == 0 {
		return nil, nil
	}
	if visited == nil {
		visited = map[*yaml.Node]bool{}
	}
	visited[m] = true
	for _, mv := range merges {
		mv = resolve(mv)
		if mv == nil {
			continue
		}
		if mv.Kind == yaml.SequenceNode {
			for _, item := range mv.Content {
				if k, v := mapGetVisit(item, key, visited, depth+1); k != nil {
					return k, v
				}
			}
			continue
		}
		if k, v := mapGetVisit(mv, key, visited, depth+1); k != nil {
			return k, v
		}
	}
	return nil, nil
}

// mapKeys calls fn for every key/value of m, including merged keys that are
// not overridden, in document order.
func mapKeys(m *yaml.Node, fn func(k, v *yaml.Node)) {
	mapKeysVisit(m, map[string]bool{}, map[*yaml.Node]bool{}, fn, 0)
}

func mapKeysVisit(m *yaml.Node, seen map[string]bool, visited map[*yaml.Node]bool, fn func(k, v *yaml.Node), depth int) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > maxMergeDepth || visited[m] {
		return
	}
	visited[m] = true
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn := m.Content[i]
		if kn.Tag == "!!merge" || kn.Value == "<<" {
			merges = append(merges, m.Content[i+1])
			continue
		}
		if !seen[kn.Value] {
			seen[kn.Value] = true
			fn(kn, m.Content[i+1])
		}
	}
	for _, mv := range merges {
		mv = resolve(mv)
		if mv != nil && mv.Kind == yaml.SequenceNode {
			for _, item := range mv.Content {
				mapKeysVisit(item, seen, visited, fn, depth+1)
			}
		} else {
			mapKeysVisit(mv, seen, visited, fn, depth+1)
		}
	}
}

// getPath walks a key path from m.
func getPath(m *yaml.Node, path []string) (k, v *yaml.Node) {
	v = m
	for _, p := range path {
		k, v = mapGet(v, p)
		if k == nil {
			return nil, nil
		}
	}
	return k, v
}

// Compose-specific YAML tags: !reset removes a value inherited from a lower
// layer, !override replaces it instead of merging.
const (
	tagReset    = "!reset"
	tagOverride = "!override"
)

// lookupPath walks path in one layer. found: the layer sets the key (k,
// v). cut: the layer removes the value or a mapping on the way with
// !reset, or replaces a mapping on the way with !override without setting
// the key, so lower layers contribute nothing to path.
func lookupPath(m *yaml.Node, path []string) (k, v *yaml.Node, found, cut bool) {
	v = resolve(m)
	overridden := v != nil && v.Tag == tagOverride
	for _, p := range path {
		k, v = mapGet(v, p)
		if k == nil {
			return nil, nil, false, overridden
		}
		if r := resolve(v); r != nil {
			switch r.Tag {
			case tagReset:
				return nil, nil, false, true
			case tagOverride:
				overridden = true
			}
		}
	}
	return k, v, true, false
}

// findKey returns the highest-priority layer's key node for path, or nil
// when no layer sets it or a higher layer resets it (or a mapping above
// it) with !reset, or replaces a mapping above it with !override.
func findKey(layers []layer, path []string) (*sourceFile, *yaml.Node, *yaml.Node) {
	for i := len(layers) - 1; i >= 0; i-- {
		k, v, found, cut := lookupPath(layers[i].node, path)
		if found {
			return layers[i].file, k, v
		}
		if cut {
			return nil, nil, nil
		}
	}
	return nil, nil, nil
}

// listItems collects the items of the sequence (or mapping, for
// environment-like keys) at path across layers, keyed by itemKey, so that a
// normalised list item can be traced to the layer that added it. Later
// layers win; !reset and !override drop what lower layers gave.
func listItems(layers []layer, path []string, itemKey func(k, v *yaml.Node) string) map[string]inputs.Position {
	return positions(listItemRefs(layers, path, func(_ *sourceFile, k, v *yaml.Node) []string {
		if key := itemKey(k, v); key != "" {
			return []string{key}
		}
		return nil
	}))
}

// listItemKeys is listItems for items that stand for several normalised
// entries (a port range): itemKeys returns every key of one item.
func listItemKeys(layers []layer, path []string, itemKeys func(f *sourceFile, k, v *yaml.Node) []string) map[string]inputs.Position {
	return positions(listItemRefs(layers, path, itemKeys))
}

// itemRef is one list item (or mapping entry) as written, in its file.
type itemRef struct {
	file *sourceFile
	key  *yaml.Node // the mapping key, for mapping entries
	node *yaml.Node // the item (or the entry's value), aliases resolved
}

func (r itemRef) pos() inputs.Position {
	if r.key != nil {
		return r.file.pos(r.key)
	}
	return r.file.pos(r.node)
}

func positions(refs map[string]itemRef) map[string]inputs.Position {
	out := make(map[string]inputs.Position, len(refs))
	for k, r := range refs {
		out[k] = r.pos()
	}
	return out
}

// listItemRefs returns the winning item for each key of the list at path;
// itemKeys gets the file of the item (its interpolation environment).
func listItemRefs(layers []layer, path []string, itemKeys func(f *sourceFile, k, v *yaml.Node) []string) map[string]itemRef {
	out := map[string]itemRef{}
	for _, l := range layers {
		_, v, found, cut := lookupPath(l.node, path)
		v = resolve(v)
		if cut {
			clear(out)
			continue
		}
		if !found || v == nil {
			continue
		}
		if v.Tag == tagOverride {
			clear(out)
		}
		switch v.Kind {
		case yaml.SequenceNode:
			for _, item := range v.Content {
				item := resolve(item)
				for _, key := range itemKeys(l.file, nil, item) {
					out[key] = itemRef{file: l.file, node: item}
				}
			}
		case yaml.MappingNode:
			mapKeys(v, func(k, val *yaml.Node) {
				val = resolve(val)
				for _, key := range itemKeys(l.file, k, val) {
					out[key] = itemRef{file: l.file, key: k, node: val}
				}
			})
		case yaml.ScalarNode:
			// a single item written as a scalar (tmpfs: /run)
			if v.Tag != "!!null" {
				for _, key := range itemKeys(l.file, nil, v) {
					out[key] = itemRef{file: l.file, node: v}
				}
			}
		}
	}
	return out
}

// scalarString returns the scalar value of n ("" for non-scalars).
func scalarString(n *yaml.Node) string {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// volumeSpec parses a service volume item as written (short or long
// syntax), after interpolation, into its source and target.
func volumeSpec(v *yaml.Node, interp func(string) string) (source, target string) {
	if v == nil {
		return "", ""
	}
	if v.Kind == yaml.MappingNode {
		_, s := mapGet(v, "source")
		_, t := mapGet(v, "target")
		return interp(scalarString(s)), interp(scalarString(t))
	}
	spec := interp(scalarString(v))
	if vol, err := format.ParseVolume(spec); err == nil {
		return vol.Source, vol.Target
	}
	parts := strings.Split(spec, ":")
	if len(parts) == 1 {
		return "", parts[0]
	}
	return parts[0], parts[1]
}

// portItemKey extracts "CONTAINER_PORT/PROTO" from a port item.
func portItemKey(_, v *yaml.Node) string {
	if v == nil {
		return ""
	}
	if v.Kind == yaml.MappingNode {
		_, t := mapGet(v, "target")
		_, p := mapGet(v, "protocol")
		proto := scalarString(p)
		if proto == "" {
			proto = "tcp"
		}
		return scalarString(t) + "/" + proto
	}
	s := scalarString(v)
	proto := "tcp"
	if i := strings.LastIndex(s, "/"); i >= 0 {
		proto = s[i+1:]
		s = s[:i]
	}
	if i := strings.LastIndex(s, ":"); i >= 0 {
		s = s[i+1:]
	}
	return s + "/" + proto
}

// portKey is the identity of one published port.
func portKey(hostIP, published, target, proto string) string {
	if proto == "" {
		proto = "tcp"
	}
	return hostIP + "|" + published + "|" + target + "/" + strings.ToLower(proto)
}

// portKeys returns the identity of every port an item publishes (a range
// publishes several), after interpolation; nil when it cannot be parsed.
func portKeys(v *yaml.Node, interp func(string) string) []string {
	if v == nil {
		return nil
	}
	if v.Kind == yaml.MappingNode {
		field := func(name string) string {
			_, n := mapGet(v, name)
			return strings.TrimSpace(interp(scalarString(n)))
		}
		return []string{portKey(field("host_ip"), field("published"), field("target"), field("protocol"))}
	}
	cfgs, err := types.ParsePortConfig(interp(scalarString(v)))
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(cfgs))
	for _, c := range cfgs {
		out = append(out, portKey(c.HostIP, c.Published, strconv.Itoa(int(c.Target)), c.Protocol))
	}
	return out
}

// envItemKey returns the variable name of an environment item (list
// "K=V" / "K" or map key).
func envItemKey(k, v *yaml.Node) string {
	if k != nil {
		return k.Value
	}
	name, _, _ := strings.Cut(scalarString(v), "=")
	return strings.TrimSpace(name)
}

// secOptItemKey returns the option name of a security_opt entry.
func secOptItemKey(_, v *yaml.Node) string {
	name, _ := inputs.SplitSecurityOpt(scalarString(v))
	return name
}

// plainItemKey keys an item by its scalar value or mapping key.
func plainItemKey(k, v *yaml.Node) string {
	if k != nil {
		return k.Value
	}
	return scalarString(v)
}

// deviceItemKey keys a device by its host path.
func deviceItemKey(_, v *yaml.Node) string {
	if v != nil && v.Kind == yaml.MappingNode {
		_, s := mapGet(v, "source")
		return scalarString(s)
	}
	src, _, _ := strings.Cut(scalarString(v), ":")
	return src
}
