package raw_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dockpol/dockpol/inputs/raw"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name string
		file string
		src  string
		want []any
	}{
		{
			name: "single document keeps the short syntax",
			file: "compose.yaml",
			src:  "version: '3.4'\nservices:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"5000:5000\"\n      - 80:80\n    privileged: true\n    mem_limit: 64m\n    cpus: 0.5\n",
			want: []any{map[string]any{
				"version": "3.4",
				"services": map[string]any{"web": map[string]any{
					"image":      "nginx:1.27",
					"ports":      []any{"5000:5000", "80:80"},
					"privileged": true,
					"mem_limit":  "64m",
					"cpus":       n("0.5"),
				}},
			}},
		},
		{
			name: "multi-document YAML gives one input per document",
			file: "k8s.yml",
			src:  "kind: Service\nspec: {port: 80}\n---\nkind: Deployment\nspec: {replicas: 2}\n",
			want: []any{
				map[string]any{"kind": "Service", "spec": map[string]any{"port": n("80")}},
				map[string]any{"kind": "Deployment", "spec": map[string]any{"replicas": n("2")}},
			},
		},
		{
			name: "empty documents are skipped",
			file: "x.yaml",
			src:  "---\n# nothing\n---\na: 1\n---\n",
			want: []any{map[string]any{"a": n("1")}},
		},
		{
			name: "JSON keeps numbers exact",
			file: "compose.JSON",
			src:  `{"services": {"web": {"image": "nginx", "ports": ["80:80"], "cpus": 1.50, "big": 12345678901234567890}}}`,
			want: []any{map[string]any{"services": map[string]any{"web": map[string]any{
				"image": "nginx", "ports": []any{"80:80"}, "cpus": n("1.50"), "big": n("12345678901234567890"),
			}}}},
		},
		{
			name: "non-string keys become strings",
			file: "x.yaml",
			src:  "codes:\n  200: ok\n  404: missing\n  1.5: half\n  true: yes-key\nnested: {1: {2: deep}}\n",
			want: []any{map[string]any{
				"codes":  map[string]any{"200": "ok", "404": "missing", "1.5": "half", "true": "yes-key"},
				"nested": map[string]any{"1": map[string]any{"2": "deep"}},
			}},
		},
		{
			name: "anchors and merge keys resolve",
			file: "x.yaml",
			src:  "x-base: &base {restart: always}\nservices:\n  web:\n    <<: *base\n    image: nginx\n",
			want: []any{map[string]any{
				"x-base":   map[string]any{"restart": "always"},
				"services": map[string]any{"web": map[string]any{"restart": "always", "image": "nginx"}},
			}},
		},
		{
			// conftest reads YAML with sigs.k8s.io/yaml (go-yaml v2, YAML
			// 1.1): these are what its policies see.
			name: "YAML 1.1 values as conftest sees them",
			file: "compose.yaml",
			src: "services:\n  web:\n    restart: no\n    quoted: \"no\"\n    tagged: !!str off\n    tty: yes\n    init: On\n" +
				"    stdin_open: maybe\n    labels:\n      released: 2024-01-31\n      at: 2001-12-14 21:59:43.10 -5\n    block: |\n      yes\n",
			want: []any{map[string]any{"services": map[string]any{"web": map[string]any{
				"restart":    false,
				"quoted":     "no",
				"tagged":     "off",
				"tty":        true,
				"init":       true,
				"stdin_open": "maybe",
				"labels":     map[string]any{"released": "2024-01-31", "at": "2001-12-14 21:59:43.10 -5"},
				"block":      "yes\n",
			}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := raw.Decode(tt.file, []byte(tt.src))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
			// Every document converts to Rego, as the engine will.
			for _, d := range got {
				if _, err := ast.InterfaceToValue(d); err != nil {
					t.Errorf("InterfaceToValue: %v", err)
				}
			}
		})
	}
}

func TestDecodeNothing(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "# only a comment\n", "---\n"} {
		got, err := raw.Decode("x.yaml", []byte(src))
		if err != nil || len(got) != 0 {
			t.Errorf("Decode(%q) = %v, %v; want no documents and no error", src, got, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src, want string
	}{
		{"invalid YAML", "compose.yaml", "services:\n  web:\n    image: nginx\n   bad: [\n", "compose.yaml: invalid YAML: "},
		{"invalid YAML in a later document", "x.yaml", "a: 1\n---\nb: [\n", "x.yaml: invalid YAML: "},
		{"invalid JSON", "x.json", `{"a": }`, "x.json: invalid JSON: "},
		{"duplicate key", "x.yaml", "a: 1\na: 2\n", "x.yaml: invalid YAML: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := raw.Decode(tt.file, []byte(tt.src))
			if err == nil {
				t.Fatalf("Decode = %v, want an error", got)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q, want it to start with %q", err, tt.want)
			}
		})
	}
}
