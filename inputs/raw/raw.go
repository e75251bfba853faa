// Package raw decodes input files the way conftest's parsers present them
// to policies: YAML and JSON decoded plainly, with no Compose semantics
// (short syntax stays short, no interpolation, no merges). Conftest-style
// policies receive this; dockpol's own policies receive the normalised
// document. A YAML file of several documents gives one input per document,
// as conftest evaluates them. YAML is read as conftest reads it, by YAML
// 1.1 rules: `no` and `off` are false, a date stays the text written.
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
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: invalid YAML: %w", name, err)
		}
		yaml11(&n)
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: invalid YAML: %w", name, err)
		}
		if v == nil {
			continue
		}
		docs = append(docs, normalize(v))
	}
	return docs, nil
}

// yaml11Bools are the plain scalars YAML 1.1 reads as booleans besides
// true and false. conftest's parser (sigs.k8s.io/yaml, on go-yaml v2)
// follows YAML 1.1, so `restart: no` reaches its policies as false.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

// yaml11 rewrites a YAML 1.2 node tree to the values conftest's YAML 1.1
// parser gives: the 1.1 booleans, and timestamps kept as the text written
// (go-yaml v2 never turns them into times for an untyped value).
func yaml11(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		explicit := n.Style&(yaml.TaggedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
		switch {
		case n.ShortTag() == "!!timestamp":
			n.Tag = "!!str"
		case !explicit && n.ShortTag() == "!!str":
			if b, ok := yaml11Bools[n.Value]; ok {
				n.Tag, n.Value = "!!bool", fmt.Sprint(b)
			}
		}
	case yaml.DocumentNode, yaml.SequenceNode, yaml.MappingNode:
		for _, c := range n.Content {
			yaml11(c)
		}
	}
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
