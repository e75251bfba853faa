package engine

import (
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// WithKinds says which kinds of document the engine will evaluate (a
// `dockpol check` of compose files evaluates compose documents only).
// New then compiles, of the shipped bundle, only the packages with a rule
// that judges one of those kinds and the rules they use: a third of the
// bundle for compose files, which is most of a short run's start-up
// time. Team policies are always compiled whole, so their errors show at
// start-up as before. A document of another kind is still evaluated
// correctly: the engine then compiles everything, once.
func WithKinds(kinds ...string) Option {
	return func(c *config) { c.kinds = append(c.kinds, kinds...) }
}

// containerKindsFor lists the kinds the containers of documents of the
// given kinds can be judged as: a Dockerfile's final stage is judged as
// kind image.
func containerKindsFor(kinds []string) map[string]bool {
	out := map[string]bool{}
	for _, k := range kinds {
		out[k] = true
		if k == "dockerfile" {
			out["image"] = true
		}
	}
	return out
}

// pruneModules returns the modules to compile for documents of kinds:
// every module that is not built in, the built-in modules of packages
// with a rule that applies to one of the kinds (or to every kind), and,
// transitively, the modules that define the rules those refer to. ok is
// false when nothing could be left out.
func pruneModules(modules map[string]*ast.Module, builtin func(name string) bool, kinds []string) (map[string]*ast.Module, bool) {
	want := containerKindsFor(kinds)
	byPkg := map[string][]string{} // package path ("dockpol.lib") -> module names
	for name, m := range modules {
		p := pkgPath(m)
		byPkg[p] = append(byPkg[p], name)
	}
	for _, names := range byPkg {
		sort.Strings(names)
	}
	pkgs := make([]string, 0, len(byPkg))
	for p := range byPkg {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)

	keep := map[string]bool{}
	var queue []string
	add := func(name string) {
		if !keep[name] {
			keep[name] = true
			queue = append(queue, name)
		}
	}
	for _, p := range pkgs {
		needed := false
		for _, name := range byPkg[p] {
			if !builtin(name) || moduleJudges(modules[name], want) {
				needed = true
				break
			}
		}
		if needed {
			for _, name := range byPkg[p] {
				add(name)
			}
		}
	}
	// rules referred to: by import alias, by data. ref, or by name in the
	// module's own package
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		m := modules[name]
		own := pkgPath(m)
		aliases := map[string][]string{}
		for _, imp := range m.Imports {
			ref, ok := imp.Path.Value.(ast.Ref)
			if !ok || !ref.HasPrefix(ast.DefaultRootRef) {
				continue
			}
			path := refStrings(ref[1:])
			alias := string(imp.Alias)
			if alias == "" && len(path) > 0 {
				alias = path[len(path)-1]
			}
			aliases[alias] = path
		}
		visit := func(r ast.Ref) bool {
			var path []string
			head, ok := r[0].Value.(ast.Var)
			if !ok {
				return false
			}
			switch {
			case head.Equal(ast.DefaultRootDocument.Value):
				path = refStrings(r[1:])
			case aliases[string(head)] != nil:
				path = append(append([]string(nil), aliases[string(head)]...), refStrings(r[1:])...)
			default:
				path = append(strings.Split(own, "."), string(head))
			}
			for _, p := range pkgs {
				pp := strings.Split(p, ".")
				switch {
				case len(pp) < len(path) && equalPrefix(pp, path):
					// a rule of package p, named path[len(pp)]
					for _, n := range byPkg[p] {
						if definesRule(modules[n], path[len(pp)]) {
							add(n)
						}
					}
				case equalPrefix(path, pp):
					// the package itself, or a parent of it
					for _, n := range byPkg[p] {
						add(n)
					}
				}
			}
			return false
		}
		for _, r := range m.Rules { // not the imports: importing is not using
			ast.WalkRefs(r, visit)
		}
	}
	if len(keep) == len(modules) {
		return modules, false
	}
	out := make(map[string]*ast.Module, len(keep))
	for name := range keep {
		out[name] = modules[name]
	}
	return out, true
}

// moduleJudges reports whether a module has a deny or warn rule that
// applies to one of the kinds (rules without METADATA kinds, or without
// an id, apply to every kind).
func moduleJudges(m *ast.Module, kinds map[string]bool) bool {
	for _, r := range m.Rules {
		name := r.Head.Ref()[0].Value.(ast.Var)
		if name != "deny" && name != "warn" {
			continue
		}
		if len(r.Annotations) == 0 {
			return true
		}
		for k := range kinds {
			if ruleAppliesTo(r, k) {
				return true
			}
		}
	}
	return false
}

func definesRule(m *ast.Module, name string) bool {
	for _, r := range m.Rules {
		if v, ok := r.Head.Ref()[0].Value.(ast.Var); ok && string(v) == name {
			return true
		}
	}
	return false
}

// pkgPath is a module's package path without "data.".
func pkgPath(m *ast.Module) string {
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}

// refStrings returns the leading string segments of a ref.
func refStrings(r ast.Ref) []string {
	var out []string
	for _, t := range r {
		s, ok := t.Value.(ast.String)
		if !ok {
			break
		}
		out = append(out, string(s))
	}
	return out
}

func equalPrefix(prefix, s []string) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i := range prefix {
		if prefix[i] != s[i] {
			return false
		}
	}
	return true
}

// builtinModule reports whether a module belongs to the shipped bundle:
// its package lies in a root a built-in source reserves (layer refuses
// any other source's packages there).
func builtinModule(sources []Source, modules map[string]*ast.Module) func(name string) bool {
	var reserved []string
	for _, s := range sources {
		if s.Builtin {
			reserved = append(reserved, s.Roots...)
		}
	}
	return func(name string) bool {
		root := packageRoot(modules[name].Package.Path.String())
		for _, r := range reserved {
			if rootsOverlap(root, r) {
				return true
			}
		}
		return false
	}
}

// sortedModules lists modules by name.
func sortedModules(modules map[string]*ast.Module) []*ast.Module {
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*ast.Module, 0, len(names))
	for _, n := range names {
		out = append(out, modules[n])
	}
	return out
}
