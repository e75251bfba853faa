package inputs

import "sort"

// Small builders of document values that every adapter uses: the document
// is map[string]any with primitive leaves, and "unset" is null.

// StrOrNil is s, or nil (null: not set) when s is empty.
func StrOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// StringList converts ss to a document list (never null).
func StringList(ss []string) []any {
	out := make([]any, 0, len(ss))
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}

// RedactedMap copies a label-like map, replacing secret-looking values by
// Redacted.
func RedactedMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = RedactValue(k, v)
	}
	return out
}

// SortedKeys returns the keys of m in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MarkSharedMounts sets "shared_with" on every bind and named-volume mount
// of containers (a document's "containers" list): the names of the other
// containers that mount the same host path or the same volume, sorted
// ([] when none does). A container rule sees one container, so this is how
// it learns that a mount is shared. Mounts without a source (anonymous
// volumes, tmpfs) get no key.
func MarkSharedMounts(containers []any) {
	type key struct{ typ, source string }
	users := map[key]map[string]bool{}
	each := func(fn func(name string, m map[string]any, k key)) {
		for _, c := range containers {
			cm, _ := c.(map[string]any)
			name, _ := cm["name"].(string)
			mounts, _ := cm["mounts"].([]any)
			for _, x := range mounts {
				m, _ := x.(map[string]any)
				typ, _ := m["type"].(string)
				src, _ := m["source"].(string)
				if src != "" && (typ == "bind" || typ == "volume") {
					fn(name, m, key{typ, src})
				}
			}
		}
	}
	each(func(name string, _ map[string]any, k key) {
		if users[k] == nil {
			users[k] = map[string]bool{}
		}
		users[k][name] = true
	})
	each(func(name string, m map[string]any, k key) {
		others := []string{}
		for n := range users[k] {
			if n != name {
				others = append(others, n)
			}
		}
		sort.Strings(others)
		m["shared_with"] = StringList(others)
	})
}
