package compose

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/paths"
	"github.com/compose-spec/compose-go/v2/transform"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
)

// loadTrimmed loads the project as loader.LoadWithContext does, but runs
// two of the loader's passes over the merged model itself, on only the
// keys they can change: default values (transform.SetDefaultValues) and
// relative paths (paths.ResolveRelativePaths). ok is false when the
// caller must load the project the ordinary way: on any error or panic
// (so that errors are the loader's own, in its order) and for the models
// where the reordering below could show.
//
// Why: both passes walk every node of the model and match its path
// against each of their patterns with tree.Path.Matches, which splits
// both strings on every call (compose-go v2.16.2): together ~16% of the
// CPU of loading a typical file, nearly all of it spent on nodes no
// pattern can match (environment, labels, commands, ...). Handed the
// model pruned to the paths their patterns can reach (prune), the same
// functions do the same work for a fraction of the cost. See
// docs/performance.md on tree.Path.Matches.
//
// The loader runs them (loadYamlModel) after the files are merged, before
// validation.Validate, ResolveEnvironment and Normalize; here they run
// after those, just before the model is decoded (ModelToProject). That
// changes nothing because the steps touch different keys:
//   - validation.Validate reads ports' host_ip, device requests' count and
//     device_ids (a default count is set only when neither is), watch
//     paths (validated unresolved in both orders) and top-level volumes,
//     configs and secrets, which neither pass changes;
//   - ResolveEnvironment rewrites environment lists and secrets' and
//     configs' values from variables;
//   - Normalize sets build.context to "." when it is missing or null
//     (defaultBuildContext sets it when missing, and the path pass then
//     makes it absolute in both orders), cleans volume targets (the passes
//     touch sources and bind options), names top-level resources (a
//     volume's name does not affect its driver options' path). It also
//     copies a service's keys into its pre_start hooks, which must see
//     them defaulted and resolved: models with hooks load the ordinary way.
//
// TestShortcutsChangeNothing compares the two loads.
func loadTrimmed(ctx context.Context, details types.ConfigDetails, options []func(*loader.Options)) (project *types.Project, ok bool) {
	defer func() {
		if recover() != nil {
			project, ok = nil, false
		}
	}()
	// The loader records COMPOSE_PROJECT_NAME in the environment map; that
	// map must be the one handed to ModelToProject below.
	if details.Environment == nil {
		details.Environment = types.Mapping{}
	}
	opts := loader.ToOptions(&details, options)
	if !opts.ResolvePaths || opts.SkipDefaultValues {
		return nil, false // the caller does not want the passes run at all
	}
	skip := append(options[:len(options):len(options)], func(o *loader.Options) {
		o.SkipDefaultValues = true
		o.ResolvePaths = false
	})
	dict, err := loader.LoadModelWithContext(ctx, details, skip...)
	if err != nil || hasPreStart(dict) {
		return nil, false
	}
	var remotes []paths.RemoteResource
	for _, l := range opts.RemoteResourceLoaders() {
		remotes = append(remotes, l.Accept)
	}
	if err := applyPasses(dict, details.WorkingDir, remotes); err != nil {
		return nil, false
	}
	project, err = loader.ModelToProject(dict, opts, details)
	if err != nil {
		return nil, false
	}
	return project, true
}

// resolvedPaths are the patterns of paths.ResolveRelativePaths (compose-go
// v2.16.2; its table is not exported).
var resolvedPaths = []string{
	"services.*.build.context",
	"services.*.build.additional_contexts.*",
	"services.*.build.ssh.*",
	"services.*.env_file.*.path",
	"services.*.label_file.*",
	"services.*.extends.file",
	"services.*.develop.watch.*.path",
	"services.*.volumes.*",
	"jobs.*.build.context",
	"jobs.*.build.additional_contexts.*",
	"jobs.*.build.ssh.*",
	"jobs.*.env_file.*.path",
	"jobs.*.label_file.*",
	"jobs.*.extends.file",
	"jobs.*.volumes.*",
	"services.*.pre_start.*.env_file.*.path",
	"services.*.pre_start.*.label_file.*",
	"services.*.pre_start.*.volumes.*",
	"configs.*.file",
	"secrets.*.file",
	"include.path",
	"include.project_directory",
	"include.env_file",
	"volumes.*",
}

// applyPasses runs compose-go's default-values pass, then its
// relative-paths pass, each over the part of dict its patterns can reach
// (pruned), and writes what they changed back into dict.
func applyPasses(dict map[string]any, workingDir string, remotes []paths.RemoteResource) error {
	tries := passTries()
	pr, ok := prune(dict, tries.defaults)
	if !ok {
		return errUnprunable
	}
	if _, err := transform.SetDefaultValues(pr.root); err != nil {
		return err
	}
	pr.writeBack()
	if pr, ok = prune(dict, tries.paths); !ok {
		return errUnprunable
	}
	if err := paths.ResolveRelativePaths(pr.root, workingDir, remotes); err != nil {
		return err
	}
	pr.writeBack()
	return nil
}

// passTries are the tries of the two passes' patterns, built once: the
// default values' from transform.DefaultValues, which compose-go fills at
// init (RegisterDefaultValue is for its callers' init; dockpol adds none).
var passTries = sync.OnceValue(func() (t struct{ defaults, paths *patternTrie }) {
	defaults := make([]string, 0, len(transform.DefaultValues))
	for p := range transform.DefaultValues {
		defaults = append(defaults, string(p))
	}
	t.defaults = newPatternTrie(defaults)
	t.paths = newPatternTrie(resolvedPaths)
	return t
})

// errUnprunable: a top-level key holds a dot, so that tree.Path (which
// escapes dots below the top level only) would split it.
var errUnprunable = errors.New("model cannot be pruned")

// patternTrie holds tree.Path patterns by segment; "*" matches any
// segment, "[]" included.
type patternTrie struct {
	children map[string]*patternTrie
	terminal bool // a pattern ends here
}

func newPatternTrie(patterns []string) *patternTrie {
	root := &patternTrie{}
	for _, p := range patterns {
		n := root
		for _, part := range strings.Split(p, ".") {
			if n.children == nil {
				n.children = map[string]*patternTrie{}
			}
			c := n.children[part]
			if c == nil {
				c = &patternTrie{}
				n.children[part] = c
			}
			n = c
		}
		n.terminal = true
	}
	return root
}

// next returns the trie nodes a child segment reaches from nodes, and
// whether one of them ends a pattern.
func next(nodes []*patternTrie, segment string) (out []*patternTrie, terminal bool) {
	add := func(c *patternTrie) {
		if c != nil {
			out = append(out, c)
			terminal = terminal || c.terminal
		}
	}
	for _, n := range nodes {
		add(n.children[segment])
		if segment != tree.PathMatchAll {
			add(n.children[tree.PathMatchAll])
		}
	}
	return out, terminal
}

// prunedModel is a copy of the maps and lists of a model on the way to
// the nodes a pass's patterns can match, sharing those nodes with the
// model.
type prunedModel struct {
	root  map[string]any
	maps  []prunedMap
	lists []prunedList
}

// prunedMap is a map of the model and its pruned copy; copied lists the
// keys whose values are themselves pruned copies.
type prunedMap struct {
	orig, copy map[string]any
	copied     map[string]bool
}

// prunedList is a list of the model and its copy (same length).
type prunedList struct {
	orig, copy []any
	copied     map[int]bool
}

// prune copies dict along trie. A pass walking the copy visits, at the
// same paths, every node where one of its patterns matches (shared with
// dict: what the pass does to them lands in dict, or in a copy that
// writeBack carries over), and no node below which none can: keys no
// pattern reaches are left out, scalars kept.
func prune(dict map[string]any, trie *patternTrie) (*prunedModel, bool) {
	for k := range dict {
		if strings.Contains(k, ".") && trie.children[strings.SplitN(k, ".", 2)[0]] != nil {
			return nil, false
		}
	}
	pm := &prunedModel{}
	pm.root = pm.pruneMap(dict, []*patternTrie{trie})
	return pm, true
}

// pruneValue returns v pruned for the trie nodes reach (none of them
// terminal), and whether it is a copy.
func (pm *prunedModel) pruneValue(v any, reach []*patternTrie) (any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return pm.pruneMap(v, reach), true
	case []any:
		return pm.pruneList(v, reach), true
	}
	return v, false
}

func (pm *prunedModel) pruneMap(m map[string]any, nodes []*patternTrie) map[string]any {
	p := prunedMap{orig: m, copy: map[string]any{}}
	for k, v := range m {
		reach, terminal := next(nodes, k)
		switch {
		case len(reach) == 0:
			// no pattern below
		case terminal:
			p.copy[k] = v
		default:
			var copied bool
			if p.copy[k], copied = pm.pruneValue(v, reach); copied {
				if p.copied == nil {
					p.copied = map[string]bool{}
				}
				p.copied[k] = true
			}
		}
	}
	pm.maps = append(pm.maps, p)
	return p.copy
}

func (pm *prunedModel) pruneList(l []any, nodes []*patternTrie) []any {
	p := prunedList{orig: l, copy: make([]any, len(l))}
	reach, terminal := next(nodes, tree.PathMatchList)
	for i, v := range l {
		if terminal {
			p.copy[i] = v
			continue
		}
		if len(reach) == 0 {
			// no pattern below: a nil the pass skips, not written back
			if p.copied == nil {
				p.copied = map[int]bool{}
			}
			p.copied[i] = true
			continue
		}
		var copied bool
		if p.copy[i], copied = pm.pruneValue(v, reach); copied {
			if p.copied == nil {
				p.copied = map[int]bool{}
			}
			p.copied[i] = true
		}
	}
	pm.lists = append(pm.lists, p)
	return p.copy
}

// writeBack carries what the pass set in the copies over to the model.
func (pm *prunedModel) writeBack() {
	for _, p := range pm.maps {
		for k, v := range p.copy {
			if !p.copied[k] {
				p.orig[k] = v
			}
		}
	}
	for _, p := range pm.lists {
		for i, v := range p.copy {
			if !p.copied[i] {
				p.orig[i] = v
			}
		}
	}
}

// hasPreStart reports whether a service or job of the model has
// pre_start hooks.
func hasPreStart(dict map[string]any) bool {
	for _, section := range []string{"services", "jobs"} {
		containers, _ := dict[section].(map[string]any)
		for _, c := range containers {
			if m, ok := c.(map[string]any); ok {
				if _, ok := m["pre_start"]; ok {
					return true
				}
			}
		}
	}
	return false
}
