package runner

import "path/filepath"

// dedupe drops targets another target already checks: a path named twice,
// and a compose override file named beside its base ("dockpol check
// compose.yaml compose.override.yaml"), which the base's project merges
// already — checked on its own too, its findings would be reported twice.
func dedupe(targets []Target) []Target {
	merged := map[string]bool{} // files that are part of a larger compose project
	for _, t := range targets {
		if (t.Kind == "" || t.Kind == KindCompose) && len(t.Files) > 1 {
			for _, f := range t.Files[1:] {
				merged[clean(f.Path)] = true
			}
		}
	}
	seen := map[string]bool{}
	out := targets[:0]
	for _, t := range targets {
		key := t.Kind + "\x00"
		for _, f := range t.Files {
			key += clean(f.Path) + "\x00"
		}
		if seen[key] && t.Files[0].Content == nil {
			continue
		}
		seen[key] = true
		if (t.Kind == "" || t.Kind == KindCompose) && len(t.Files) == 1 && t.Files[0].Content == nil && merged[clean(t.Files[0].Path)] {
			continue
		}
		out = append(out, t)
	}
	return out
}

func clean(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}
