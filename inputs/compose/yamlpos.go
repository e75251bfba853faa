package compose

import (
	"strings"

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
	abs  string       // absolute path on this machine, never printed
	rel  string       // path as reported
	docs []*yaml.Node // the mapping node of each YAML document
}

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
	return mapGetDepth(m, key, 0)
}

func mapGetDepth(m *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 32 {
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
	for _, mv := range merges {
		mv = resolve(mv)
		if mv == nil {
			continue
		}
		if mv.Kind == yaml.SequenceNode {
			for _, item := range mv.Content {
				if k, v := mapGetDepth(item, key, depth+1); k != nil {
					return k, v
				}
			}
			continue
		}
		if k, v := mapGetDepth(mv, key, depth+1); k != nil {
			return k, v
		}
	}
	return nil, nil
}

// mapKeys calls fn for every key/value of m, including merged keys that are
// not overridden, in document order.
func mapKeys(m *yaml.Node, fn func(k, v *yaml.Node)) {
	seen := map[string]bool{}
	mapKeysDepth(m, seen, fn, 0)
}

func mapKeysDepth(m *yaml.Node, seen map[string]bool, fn func(k, v *yaml.Node), depth int) {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 32 {
		return
	}
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
				mapKeysDepth(item, seen, fn, depth+1)
			}
		} else {
			mapKeysDepth(mv, seen, fn, depth+1)
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

// findKey returns the highest-priority layer's key node for path, or nil
// when no layer sets it or the winning layer resets it with !reset.
func findKey(layers []layer, path []string) (*sourceFile, *yaml.Node, *yaml.Node) {
	for i := len(layers) - 1; i >= 0; i-- {
		k, v := getPath(layers[i].node, path)
		if k == nil {
			continue
		}
		if v != nil && v.Tag == tagReset {
			return nil, nil, nil
		}
		return layers[i].file, k, v
	}
	return nil, nil, nil
}

// listItems collects the items of the sequence (or mapping, for
// environment-like keys) at path across layers, keyed by itemKey, so that a
// normalised list item can be traced to the layer that added it. Later
// layers win; !reset and !override drop what lower layers gave.
func listItems(layers []layer, path []string, itemKey func(k, v *yaml.Node) string) map[string]inputs.Position {
	out := map[string]inputs.Position{}
	for _, l := range layers {
		_, v := getPath(l.node, path)
		v = resolve(v)
		if v == nil {
			continue
		}
		if v.Tag == tagReset || v.Tag == tagOverride {
			clear(out)
			if v.Tag == tagReset {
				continue
			}
		}
		switch v.Kind {
		case yaml.SequenceNode:
			for _, item := range v.Content {
				if key := itemKey(nil, resolve(item)); key != "" {
					out[key] = l.file.pos(item)
				}
			}
		case yaml.MappingNode:
			mapKeys(v, func(k, val *yaml.Node) {
				if key := itemKey(k, resolve(val)); key != "" {
					out[key] = l.file.pos(k)
				}
			})
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

// shortSyntaxTarget extracts the container side of "SRC:DST[:MODE]".
func volumeItemKey(_, v *yaml.Node) string {
	if v == nil {
		return ""
	}
	if v.Kind == yaml.MappingNode {
		_, t := mapGet(v, "target")
		return scalarString(t)
	}
	s := scalarString(v)
	parts := strings.Split(s, ":")
	switch {
	case len(parts) == 1:
		return parts[0]
	case len(parts) >= 2 && len(parts[0]) == 1 && len(parts) >= 3: // C:\path:target on Windows
		return parts[2]
	default:
		return parts[1]
	}
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

// envItemKey returns the variable name of an environment item (list
// "K=V" / "K" or map key).
func envItemKey(k, v *yaml.Node) string {
	if k != nil {
		return k.Value
	}
	name, _, _ := strings.Cut(scalarString(v), "=")
	return strings.TrimSpace(name)
}

// capItemKey normalises a capability.
func capItemKey(_, v *yaml.Node) string { return normCap(scalarString(v)) }

// secOptItemKey returns the option name of a security_opt entry.
func secOptItemKey(_, v *yaml.Node) string {
	name, _ := splitSecOpt(scalarString(v))
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
