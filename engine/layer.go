package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// layer merges sources into one module set and one data document. The
// builtin sources' roots are reserved: another source that declares a
// package inside them, or a bundle whose roots overlap them, is refused,
// so a team's policies add to the shipped rules but cannot replace them.
func layer(sources []Source, tests bool) (map[string]*ast.Module, map[string]any, error) {
	var reserved []string
	for _, s := range sources {
		if s.Builtin {
			reserved = append(reserved, s.Roots...)
		}
	}
	modules := map[string]*ast.Module{}
	data := map[string]any{}
	for _, s := range sources {
		mods, err := s.modules(tests)
		if err != nil {
			return nil, nil, err
		}
		if !s.Builtin {
			for _, root := range s.Roots {
				for _, r := range reserved {
					if rootsOverlap(root, r) {
						return nil, nil, fmt.Errorf("%s: bundle root %q overlaps the shipped bundle's reserved root %q", s.Name, root, r)
					}
				}
			}
			for name, m := range mods {
				pkg := packageRoot(m.Package.Path.String())
				for _, r := range reserved {
					if rootsOverlap(pkg, r) {
						return nil, nil, fmt.Errorf("%s: package %s is inside the shipped bundle's reserved root %q; put team rules in a package of your own (for example team.%s)",
							positionOf(name, m), strings.TrimPrefix(m.Package.Path.String(), "data."), r, lastSegment(pkg))
					}
				}
			}
		}
		for name, m := range mods {
			if _, dup := modules[name]; dup {
				return nil, nil, fmt.Errorf("%s: loaded twice", name)
			}
			modules[name] = m
		}
		if s.Data != nil {
			if err := mergeData(data, s.Data, s.Name); err != nil {
				return nil, nil, err
			}
		}
	}
	return modules, data, nil
}

func positionOf(name string, m *ast.Module) string {
	if m.Package != nil && m.Package.Location != nil {
		return fmt.Sprintf("%s:%d", name, m.Package.Location.Row)
	}
	return name
}

func lastSegment(root string) string {
	i := strings.LastIndex(root, "/")
	return root[i+1:]
}

func packageRoot(pkg string) string {
	return strings.ReplaceAll(strings.TrimPrefix(pkg, "data."), ".", "/")
}

func rootsOverlap(a, b string) bool {
	a, b = strings.Trim(a, "/"), strings.Trim(b, "/")
	if a == "" || b == "" {
		return true
	}
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// mergeData deep-merges src into dst; two sources setting one leaf is an
// error.
func mergeData(dst, src map[string]any, name string) error {
	for k, v := range src {
		existing, ok := dst[k]
		if !ok {
			dst[k] = v
			continue
		}
		em, ok1 := existing.(map[string]any)
		vm, ok2 := v.(map[string]any)
		if !ok1 || !ok2 {
			return fmt.Errorf("%s: data key %q is set by two sources", name, k)
		}
		if err := mergeData(em, vm, name); err != nil {
			return err
		}
	}
	return nil
}

// storeData is the data document: bundle data, with the configuration
// file's data at data.dockpol.config (the configuration wins).
func storeData(bundleData, config map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range bundleData {
		out[k] = v
	}
	dockpol, _ := out["dockpol"].(map[string]any)
	if dockpol == nil {
		dockpol = map[string]any{}
	}
	cfg, _ := dockpol["config"].(map[string]any)
	if cfg == nil {
		cfg = map[string]any{}
	}
	for k, v := range normalizeJSON(config) {
		cfg[k] = v
	}
	dockpol["config"] = cfg
	out["dockpol"] = dockpol
	return out
}

// normalizeJSON round-trips YAML-decoded values through JSON so the store
// holds only JSON types.
func normalizeJSON(m map[string]any) map[string]any {
	if len(m) == 0 {
		return map[string]any{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return m
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return m
	}
	return out
}
