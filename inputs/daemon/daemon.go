// Package daemon is the daemon input adapter: it turns a daemon.json (as
// dockerd reads it) and the output of `docker info` (GET /info) into the
// normalised dockpol/v1 document of kind "daemon", whose one "daemon"
// object holds each fact under one name whichever input stated it, notes
// where each came from, and keeps the three states of every field: a
// value; null when the input leaves the fact to dockerd's default; absent
// when the input cannot say (docker info knows nothing of icc, daemon.json
// nothing of the engine version). Merge combines a live docker info with
// the local daemon.json.
package daemon

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// DefaultMaxFileSize caps the files the adapter reads.
const DefaultMaxFileSize = 10 << 20

// Adapter is the adapter name written in source.adapter.
const Adapter = "daemon"

// Where a fact came from (the values of daemon.from).
const (
	FromDaemonJSONName = "daemon.json"
	FromInfoName       = "info"
)

// valueType is the JSON type dockerd requires of a daemon.json key.
type valueType int

const (
	tBool valueType = iota
	tString
	tStrings
	tStringMap
	tUlimits
	tRuntimes
)

// fileFacts maps daemon.json keys to the daemon facts they set.
var fileFacts = map[string]struct {
	fact string
	typ  valueType
}{
	"icc":                     {"icc", tBool},
	"ip":                      {"ip", tString},
	"iptables":                {"iptables", tBool},
	"ip6tables":               {"ip6tables", tBool},
	"ipv6":                    {"ipv6", tBool},
	"userland-proxy":          {"userland_proxy", tBool},
	"log-level":               {"log_level", tString},
	"debug":                   {"debug", tBool},
	"log-driver":              {"log_driver", tString},
	"log-opts":                {"log_opts", tStringMap},
	"storage-driver":          {"storage_driver", tString},
	"storage-opts":            {"storage_opts", tStrings},
	"insecure-registries":     {"insecure_registries", tStrings},
	"registry-mirrors":        {"registry_mirrors", tStrings},
	"hosts":                   {"hosts", tStrings},
	"tls":                     {"tls", tBool},
	"tlsverify":               {"tlsverify", tBool},
	"tlscacert":               {"tlscacert", tString},
	"tlscert":                 {"tlscert", tString},
	"tlskey":                  {"tlskey", tString},
	"default-ulimits":         {"default_ulimits", tUlimits},
	"userns-remap":            {"userns_remap", tString},
	"cgroup-parent":           {"cgroup_parent", tString},
	"default-cgroupns-mode":   {"default_cgroupns_mode", tString},
	"authorization-plugins":   {"authorization_plugins", tStrings},
	"no-new-privileges":       {"no_new_privileges", tBool},
	"live-restore":            {"live_restore", tBool},
	"seccomp-profile":         {"seccomp_profile", tString},
	"selinux-enabled":         {"selinux_enabled", tBool},
	"experimental":            {"experimental", tBool},
	"disable-legacy-registry": {"disable_legacy_registry", tBool},
	"default-runtime":         {"default_runtime", tString},
	"runtimes":                {"runtimes", tRuntimes},
	"rootless":                {"rootless", tBool},
}

// fileOnlyFacts are facts only daemon.json can state (docker info cannot).
var fileOnlyFacts = []string{
	"icc", "ip", "iptables", "ip6tables", "ipv6", "userland_proxy", "log_level", "log_opts",
	"storage_opts", "hosts", "tls", "tlsverify", "tlscacert", "tlscert", "tlskey",
	"default_ulimits", "userns_remap", "cgroup_parent", "disable_legacy_registry",
}

// knownKeys are daemon.json keys dockerd accepts besides fileFacts (from
// the dockerd reference's full examples, Linux and Windows, and options
// of recent releases). dockerd refuses to start on a key it does not know;
// the adapter keeps such a key and warns.
var knownKeys = map[string]bool{
	"allow-direct-routing": true, "allow-nondistributable-artifacts": true, "api-cors-header": true,
	"bip": true, "bip6": true, "bridge": true, "bridge-accept-fwmark": true, "builder": true,
	"cdi-spec-dirs": true, "cluster-advertise": true, "cluster-store": true, "cluster-store-opts": true,
	"containerd": true, "containerd-namespace": true, "containerd-plugin-namespace": true,
	"containerd-plugins-namespace": true, "cpu-rt-period": true, "cpu-rt-runtime": true,
	"cri-containerd": true, "data-root": true, "default-address-pools": true, "default-gateway": true,
	"default-gateway-v6": true, "default-ipc-mode": true, "default-network-opts": true,
	"default-shm-size": true, "dns": true, "dns-opts": true, "dns-search": true, "exec-opts": true,
	"exec-root": true, "features": true, "firewall-backend": true, "fixed-cidr": true,
	"fixed-cidr-v6": true, "graph": true, "group": true, "host-gateway-ip": true, "host-gateway-ips": true,
	"init": true, "init-path": true, "ip-forward": true, "ip-forward-no-drop": true, "ip-masq": true,
	"labels": true, "log-format": true, "max-concurrent-downloads": true, "max-concurrent-uploads": true,
	"max-download-attempts": true, "metrics-addr": true, "mtu": true, "network-diagnostic-port": true,
	"node-generic-resources": true, "oom-score-adjust": true, "pidfile": true, "proxies": true,
	"raw-logs": true, "resolv-conf": true, "shutdown-timeout": true, "swarm-default-advertise-addr": true,
	"userland-proxy-path": true,
}

// daemonFacts are every fact of the daemon object, in the order the
// schema documents them (the keys of the "from" map are among these).
var daemonFacts = []string{
	"engine", "icc", "ip", "iptables", "ip6tables", "ipv6", "userland_proxy", "log_level", "debug",
	"log_driver", "log_opts", "storage_driver", "storage_opts", "insecure_registries", "registry_mirrors",
	"hosts", "tls", "tlsverify", "tlscacert", "tlscert", "tlskey", "default_ulimits", "userns",
	"userns_remap", "cgroup_parent", "default_cgroupns_mode", "cgroup_version", "cgroup_driver",
	"authorization_plugins", "no_new_privileges", "live_restore", "seccomp", "seccomp_profile",
	"apparmor", "selinux_enabled", "rootless", "experimental", "disable_legacy_registry",
	"default_runtime", "runtimes", "warnings", "containers", "images", "swarm",
}

// FromDaemonJSON decodes daemon.json data as dockerd reads it, reported
// under path. Every key is kept as written under daemon.config (secret-
// looking strings redacted); the keys dockpol knows become daemon facts.
// A value of the wrong type for a key dockerd knows is an error (dockerd
// would not start); a key it does not know is kept with a warning.
func FromDaemonJSON(path string, data []byte) (*inputs.Document, error) {
	if len(data) > DefaultMaxFileSize {
		return nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w (limit %d bytes)", inputs.ErrTooLarge, DefaultMaxFileSize)}
	}
	t, err := newText(path, data)
	if err != nil {
		return nil, err
	}
	obj := map[string]any{}
	positions := map[string]inputs.Position{}
	if !t.empty() {
		if obj, err = t.decodeObject(path); err != nil {
			return nil, err
		}
		positions = t.positions(path)
	}
	prov := inputs.Provenance{}
	var warnings []inputs.Diagnostic
	d := map[string]any{}
	from := map[string]any{}
	for _, f := range fileOnlyFacts {
		d[f] = nil
	}
	for _, spec := range fileFacts {
		d[spec.fact] = nil
	}
	d["userns"] = nil

	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	config := map[string]any{}
	for _, k := range keys {
		v := obj[k]
		pos := positions[k]
		prov[inputs.JoinPath("daemon.config", k)] = pos
		config[k] = redact(k, v)
		spec, ok := fileFacts[k]
		if !ok {
			if !knownKeys[k] {
				warnings = append(warnings, inputs.Diagnostic{
					Severity: inputs.SeverityWarning, Pos: pos,
					Message: fmt.Sprintf("daemon.json key %q is not a dockerd option dockpol knows; dockerd refuses to start on unknown keys (misspelt?)", k),
				})
			}
			continue
		}
		val, err := convert(k, spec.typ, v)
		if err != nil {
			return nil, &inputs.SourceError{Pos: pos, Err: err}
		}
		d[spec.fact] = val
		prov["daemon."+spec.fact] = pos
		for sub, p := range positions {
			if rest, ok := strings.CutPrefix(sub, k); ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[")) {
				prov["daemon."+spec.fact+rest] = p
				prov["daemon.config."+k+rest] = p
			}
		}
	}
	// userns: remapping is on when userns-remap names a user.
	if r, ok := d["userns_remap"].(string); ok && r != "" {
		d["userns"] = true
		prov["daemon.userns"] = prov["daemon.userns_remap"]
	}
	for f := range d {
		from[f] = FromDaemonJSONName
	}
	d["from"] = from
	d["config"] = config
	inputs.SortDiagnostics(warnings)
	return &inputs.Document{
		Path:       path,
		Value:      document(path, []string{path}, d),
		Provenance: prov,
		Warnings:   warnings,
	}, nil
}

// document wraps a daemon object.
func document(path string, files []string, d map[string]any) map[string]any {
	return map[string]any{
		"schema": inputs.Schema,
		"kind":   inputs.KindDaemon,
		"source": map[string]any{"path": path, "adapter": Adapter, "files": inputs.StringList(files)},
		"daemon": d,
	}
}

// convert checks a daemon.json value against the type dockerd requires
// and normalises it: empty strings (dockerd's "unset") become null.
func convert(key string, typ valueType, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func(want string) error {
		return fmt.Errorf("%w: %q must be %s, not %s (dockerd would not start)", ErrType, key, want, jsonType(v))
	}
	switch typ {
	case tBool:
		b, ok := v.(bool)
		if !ok {
			return nil, bad("a boolean")
		}
		return b, nil
	case tString:
		s, ok := v.(string)
		if !ok {
			return nil, bad("a string")
		}
		if s == "" {
			return nil, nil
		}
		return s, nil
	case tStrings:
		list, ok := v.([]any)
		if !ok {
			return nil, bad("an array of strings")
		}
		out := make([]any, 0, len(list))
		for _, item := range list {
			s, ok := item.(string)
			if !ok {
				return nil, bad("an array of strings")
			}
			out = append(out, s)
		}
		return out, nil
	case tStringMap:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, bad("an object of strings")
		}
		out := map[string]any{}
		for k, item := range m {
			s, ok := item.(string)
			if !ok {
				return nil, bad("an object of strings")
			}
			out[k] = inputs.RedactValue(k, s)
		}
		return out, nil
	case tUlimits:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, bad("an object of ulimits")
		}
		out := map[string]any{}
		for name, item := range m {
			u, ok := item.(map[string]any)
			if !ok {
				return nil, bad(`an object of ulimits ({"Name", "Soft", "Hard"})`)
			}
			soft, okS := intValue(u["Soft"])
			hard, okH := intValue(u["Hard"])
			if !okS || !okH {
				return nil, fmt.Errorf("%w: %q: ulimit %q needs integer Soft and Hard (dockerd would not start)", ErrType, key, name)
			}
			out[name] = map[string]any{"soft": soft, "hard": hard}
		}
		return out, nil
	case tRuntimes:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, bad("an object of runtimes")
		}
		return sortedKeys(m), nil
	}
	return nil, nil
}

// intValue reads a JSON integer.
func intValue(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// redact returns a daemon.json value with secret-looking strings replaced
// by inputs.Redacted (a proxy URL with a password, a log driver token),
// numbers as int64 or float64.
func redact(key string, v any) any {
	switch x := v.(type) {
	case string:
		return inputs.RedactValue(key, x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = redact(key, item)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = redact(k, item)
		}
		return out
	}
	return v
}

func sortedKeys(m map[string]any) []any {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return inputs.StringList(keys)
}

// IsDaemonJSONKey reports whether key is a daemon.json option (one the
// adapter normalises, or another dockerd accepts): how a JSON file of
// another name is recognised as a daemon configuration.
func IsDaemonJSONKey(key string) bool {
	_, ok := fileFacts[key]
	return ok || knownKeys[key]
}
