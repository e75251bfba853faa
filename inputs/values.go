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
