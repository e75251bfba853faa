package daemon

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// mismatchFacts are the facts where docker info and daemon.json saying
// different things means the running daemon has not picked up the file.
var mismatchFacts = map[string]string{
	"debug": "debug", "log_driver": "log-driver", "storage_driver": "storage-driver",
	"live_restore": "live-restore", "experimental": "experimental", "no_new_privileges": "no-new-privileges",
	"default_runtime": "default-runtime", "userns": "userns-remap", "selinux_enabled": "selinux-enabled",
}

// Merge combines the daemon document of a live (or saved) docker info
// with the one of the local daemon.json, for an audit of one host. docker
// info states what the running daemon does, so where it has a value it
// wins; daemon.json supplies what docker info cannot say (icc, the API
// hosts and TLS, default ulimits, ...) and what info leaves null. daemon.from
// names the winner of each fact, and the provenance points into its file.
// Where both have a value and they differ, a warning says the running
// daemon has not picked up daemon.json. Either argument may be nil.
func Merge(info, file *inputs.Document) *inputs.Document {
	if info == nil {
		return file
	}
	if file == nil {
		return info
	}
	id, _ := info.Value["daemon"].(map[string]any)
	fd, _ := file.Value["daemon"].(map[string]any)
	idFrom, _ := id["from"].(map[string]any)
	fdFrom, _ := fd["from"].(map[string]any)

	d := map[string]any{}
	from := map[string]any{}
	winner := map[string]*inputs.Document{}
	for _, f := range daemonFacts {
		iv, inInfo := id[f]
		fv, inFile := fd[f]
		switch {
		case inInfo && (iv != nil || !inFile || fv == nil):
			d[f], from[f], winner[f] = iv, idFrom[f], info
		case inFile:
			d[f], from[f], winner[f] = fv, fdFrom[f], file
		}
	}
	if cfg, ok := fd["config"]; ok {
		d["config"] = cfg
		winner["config"] = file
	}
	d["from"] = from

	prov := inputs.Provenance{}
	for _, doc := range []*inputs.Document{info, file} {
		for path, pos := range doc.Provenance {
			fact := strings.TrimPrefix(path, "daemon.")
			if i := strings.IndexAny(fact, ".["); i >= 0 {
				fact = fact[:i]
			}
			if winner[fact] == doc {
				prov[path] = pos
			}
		}
	}

	warnings := append(append([]inputs.Diagnostic(nil), info.Warnings...), file.Warnings...)
	for _, f := range daemonFacts {
		key, ok := mismatchFacts[f]
		iv, fv := id[f], fd[f]
		if !ok || iv == nil || fv == nil || reflect.DeepEqual(iv, fv) {
			continue
		}
		warnings = append(warnings, inputs.Diagnostic{
			Severity: inputs.SeverityWarning,
			Pos:      file.Provenance["daemon."+f],
			Message:  fmt.Sprintf("daemon.json sets %s to %v, but the running daemon reports %v: it has not been restarted (or reloaded) since, or a dockerd flag overrides it", key, fv, iv),
		})
	}
	inputs.SortDiagnostics(warnings)

	var files []string
	seen := map[string]bool{}
	for _, doc := range []*inputs.Document{info, file} {
		src, _ := doc.Value["source"].(map[string]any)
		list, _ := src["files"].([]any)
		for _, x := range list {
			if s, ok := x.(string); ok && !seen[s] {
				seen[s] = true
				files = append(files, s)
			}
		}
	}
	return &inputs.Document{
		Path:       info.Path,
		Value:      document(info.Path, files, d),
		Provenance: prov,
		Warnings:   warnings,
	}
}
