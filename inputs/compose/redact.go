package compose

import "github.com/dockpol/dockpol/inputs"

// redactFreeText scrubs the project's secret values (secretValues: values
// of secret-named keys and variables, credential-shaped values, as
// written and as interpolated) from the free-text fields of every
// container (inputs.ScrubFreeText): a variable interpolated into a label
// (labels: {x: "${DB_PASSWORD}"}) betrays itself by neither key nor shape.
func redactFreeText(doc map[string]any, src *sources) {
	r := inputs.SecretReplacer(src.secretValues(inputs.MinScrubLen))
	if r == nil {
		return
	}
	list, _ := doc["containers"].([]any)
	for _, c := range list {
		if m, ok := c.(map[string]any); ok {
			inputs.ScrubFreeText(m, r)
		}
	}
}
