package inputs

import (
	"sort"
	"strings"
)

// MinScrubLen is the shortest secret value ScrubFreeText removes: shorter
// ones (a password "root") would blot out ordinary words.
const MinScrubLen = 6

// maxScrubValues bounds the values one replacer scrubs (the longest are
// kept): a hostile input full of secret-looking values must not make the
// scrub slow.
const maxScrubValues = 4096

// SecretReplacer returns a replacer of every value of at least
// MinScrubLen bytes by Redacted, longest first, or nil when there is none.
func SecretReplacer(values []string) *strings.Replacer {
	list := make([]string, 0, len(values))
	seen := map[string]bool{}
	for _, v := range values {
		if len(v) >= MinScrubLen && !seen[v] {
			seen[v] = true
			list = append(list, v)
		}
	}
	if len(list) == 0 {
		return nil
	}
	// longest first: a secret holding another is replaced whole
	sortByLengthDesc(list)
	if len(list) > maxScrubValues {
		list = list[:maxScrubValues]
	}
	pairs := make([]string, 0, 2*len(list))
	for _, v := range list {
		pairs = append(pairs, v, Redacted)
	}
	return strings.NewReplacer(pairs...)
}

// ScrubFreeText removes secret values (r, from SecretReplacer) from the
// free-text fields of a normalised Container: command, entrypoint,
// healthcheck test, label values and logging options. Each is redacted by
// its own key or shape already; this catches a secret that reaches them
// from elsewhere (a variable interpolated into a label, the value of a
// PASSWORD variable repeated as a command argument), which neither key
// nor shape betrays. Structural fields (image, user, ports, ...) are left
// alone: a password "postgres" must not blot out the image postgres:16.
func ScrubFreeText(c map[string]any, r *strings.Replacer) {
	if r == nil || c == nil {
		return
	}
	scrubList(c["command"], r)
	scrubList(c["entrypoint"], r)
	if h, ok := c["healthcheck"].(map[string]any); ok {
		scrubList(h["test"], r)
	}
	scrubMapValues(c["labels"], r)
	if l, ok := c["logging"].(map[string]any); ok {
		scrubMapValues(l["options"], r)
	}
}

func scrubList(v any, r *strings.Replacer) {
	list, _ := v.([]any)
	for i, e := range list {
		if s, ok := e.(string); ok {
			list[i] = r.Replace(s)
		}
	}
}

func scrubMapValues(v any, r *strings.Replacer) {
	m, _ := v.(map[string]any)
	for k, e := range m {
		if s, ok := e.(string); ok {
			m[k] = r.Replace(s)
		}
	}
}

func sortByLengthDesc(list []string) {
	sort.Slice(list, func(i, j int) bool {
		if len(list[i]) != len(list[j]) {
			return len(list[i]) > len(list[j])
		}
		return list[i] < list[j]
	})
}
