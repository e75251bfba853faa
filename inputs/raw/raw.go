// Package raw decodes input files the way conftest's parsers present them
// to policies: YAML and JSON decoded plainly, with no Compose semantics
// (short syntax stays short, no interpolation, no merges). Conftest-style
// policies receive this; dockpol's own policies receive the normalised
// document. A YAML file of several documents gives one input per document,
// as conftest evaluates them.
package raw

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Decode returns the documents of a YAML or JSON file.
func Decode(name string, data []byte) ([]any, error) {
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		var v any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: invalid JSON: %w", name, err)
		}
		return []any{normalize(v)}, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: invalid YAML: %w", name, err)
		}
		if v == nil {
			continue
		}
		docs = append(docs, normalize(v))
	}
	return docs, nil
}

// normalize makes map keys strings and numbers JSON numbers, so the value
// converts to Rego as conftest's would.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = normalize(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	case json.Number:
		return x
	case int:
		return json.Number(fmt.Sprint(x))
	case int64:
		return json.Number(fmt.Sprint(x))
	case uint64:
		return json.Number(fmt.Sprint(x))
	case float64:
		return json.Number(fmt.Sprint(x))
	default:
		return v
	}
}
