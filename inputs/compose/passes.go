package compose

import (
	"context"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/paths"
	"github.com/compose-spec/compose-go/v2/transform"
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
// pattern can match (environment, labels, commands, ...). Handed only
// the service keys their patterns name, the same functions do the same
// work for a fraction of the cost. See docs/performance.md.
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
	keys := deferredKeys()
	if keys == nil {
		return nil, false
	}
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
	skip := append(options[:len(options):len(options)], func(o *loader.Options) {
		o.SkipDefaultValues = true
		o.ResolvePaths = false
	})
	dict, err := loader.LoadModelWithContext(ctx, details, skip...)
	if err != nil {
		return nil, false
	}
	opts := loader.ToOptions(&details, options)
	if !opts.ResolvePaths || opts.SkipDefaultValues || hasPreStart(dict) {
		return nil, false
	}
	var remotes []paths.RemoteResource
	for _, l := range opts.RemoteResourceLoaders() {
		remotes = append(remotes, l.Accept)
	}
	if err := keys.apply(dict, details.WorkingDir, remotes); err != nil {
		return nil, false
	}
	project, err = loader.ModelToProject(dict, opts, details)
	if err != nil {
		return nil, false
	}
	return project, true
}

// passKeys are the keys of the model the two passes can change: service
// (and job) keys, and top-level keys.
type passKeys struct {
	service []string
	top     []string
}

// resolvedServiceKeys and resolvedTopKeys are the keys the patterns of
// paths.ResolveRelativePaths start with (compose-go v2.16.2; its table is
// not exported): services.*.build.context, services.*.env_file.*.path,
// ..., configs.*.file, volumes.* (driver options).
var (
	resolvedServiceKeys = []string{"build", "env_file", "label_file", "extends", "develop", "volumes", "pre_start"}
	resolvedTopKeys     = []string{"configs", "secrets", "volumes", "include"}
)

// deferredKeys returns the keys both passes can change, the default
// values' taken from compose-go's own table; nil when a pattern of that
// table is not under services.* or jobs.* (a later compose-go): then
// the shortcut is off.
var deferredKeys = sync.OnceValue(func() *passKeys {
	service := map[string]bool{}
	for _, k := range resolvedServiceKeys {
		service[k] = true
	}
	for p := range transform.DefaultValues {
		parts := strings.Split(string(p), ".")
		if len(parts) < 3 || (parts[0] != "services" && parts[0] != "jobs") || parts[1] != "*" || parts[2] == "*" {
			return nil
		}
		service[parts[2]] = true
	}
	k := &passKeys{top: resolvedTopKeys}
	for s := range service {
		k.service = append(k.service, s)
	}
	return k
})

// apply runs the default-values and relative-paths passes over the keys
// of dict they can change, in the loader's order, and writes the results
// back.
func (k *passKeys) apply(dict map[string]any, workingDir string, remotes []paths.RemoteResource) error {
	model := map[string]any{}
	type trimmed struct {
		full, part map[string]any
	}
	var parts []trimmed
	for _, section := range []string{"services", "jobs"} {
		v, ok := dict[section]
		if !ok {
			continue
		}
		containers, ok := v.(map[string]any)
		if !ok {
			model[section] = v
			continue
		}
		sub := make(map[string]any, len(containers))
		for name, c := range containers {
			full, ok := c.(map[string]any)
			if !ok {
				sub[name] = c
				continue
			}
			part := map[string]any{}
			for _, key := range k.service {
				if v, ok := full[key]; ok {
					part[key] = v
				}
			}
			sub[name] = part
			parts = append(parts, trimmed{full, part})
		}
		model[section] = sub
	}
	for _, key := range k.top {
		if v, ok := dict[key]; ok {
			model[key] = v
		}
	}

	model, err := transform.SetDefaultValues(model)
	if err != nil {
		return err
	}
	if err := paths.ResolveRelativePaths(model, workingDir, remotes); err != nil {
		return err
	}

	for _, p := range parts {
		for key, v := range p.part {
			p.full[key] = v
		}
	}
	for _, key := range k.top {
		if v, ok := model[key]; ok {
			dict[key] = v
		}
	}
	return nil
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
