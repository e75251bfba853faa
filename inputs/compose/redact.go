package compose

import (
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// maxRedactValues bounds the secret values the document is scrubbed of
// (the longest are kept): a hostile file full of secret-looking values
// must not make the scrub slow.
const maxRedactValues = 4096

// minRedactLen is the shortest secret value scrubbed from documents:
// shorter ones (a password "root") would blot out ordinary words.
const minRedactLen = 6

// redactFreeText scrubs the project's secret values (secretValues) from
// the free-text fields of every container: command, entrypoint,
// healthcheck test, label values and logging options. Each of these is
// redacted by its own key or shape already; this catches a secret that
// reaches them by interpolation (labels: {x: "${DB_PASSWORD}"}) or is
// repeated from a secret-named key, which neither key nor shape betrays.
// Structural fields (image, user, ports, ...) are left alone: a password
// "postgres" must not blot out the image postgres:16.
func redactFreeText(doc map[string]any, src *sources) {
	secrets := src.secretValues(minRedactLen)
	if len(secrets) == 0 {
		return
	}
	if len(secrets) > maxRedactValues {
		secrets = secrets[:maxRedactValues]
	}
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, inputs.Redacted)
	}
	r := strings.NewReplacer(pairs...)
	list, _ := doc["containers"].([]any)
	for _, c := range list {
		m, ok := c.(map[string]any)
		if !ok {
			continue
		}
		redactList(m["command"], r)
		redactList(m["entrypoint"], r)
		if h, ok := m["healthcheck"].(map[string]any); ok {
			redactList(h["test"], r)
		}
		redactMapValues(m["labels"], r)
		if l, ok := m["logging"].(map[string]any); ok {
			redactMapValues(l["options"], r)
		}
	}
}

func redactList(v any, r *strings.Replacer) {
	list, _ := v.([]any)
	for i, e := range list {
		if s, ok := e.(string); ok {
			list[i] = r.Replace(s)
		}
	}
}

func redactMapValues(v any, r *strings.Replacer) {
	m, _ := v.(map[string]any)
	for k, e := range m {
		if s, ok := e.(string); ok {
			m[k] = r.Replace(s)
		}
	}
}
