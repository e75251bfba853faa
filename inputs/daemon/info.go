package daemon

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// loopbackRegistries are the insecure registry CIDRs dockerd always lists
// (local registries): not a configuration choice.
var loopbackRegistries = map[string]bool{"127.0.0.0/8": true, "::1/128": true}

// FromInfo decodes the JSON of `docker info --format '{{json .}}'` (or the
// Engine API's GET /info), reported under path, into a daemon document.
// docker info states the running daemon's effective settings, so its facts
// are values; what it cannot report (icc, the API hosts, default ulimits,
// ...) is absent.
func FromInfo(path string, data []byte) (*inputs.Document, error) {
	if len(data) > DefaultMaxFileSize {
		return nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w (limit %d bytes)", inputs.ErrTooLarge, DefaultMaxFileSize)}
	}
	t, err := newText(path, data)
	if err != nil {
		return nil, err
	}
	if t.empty() {
		return nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w: empty input", ErrNotInfo)}
	}
	obj, err := t.decodeObject(path)
	if err != nil {
		return nil, err
	}
	if !IsInfo(obj) {
		return nil, &inputs.SourceError{Pos: inputs.Position{File: path}, Err: fmt.Errorf("%w: no ServerVersion, ID or SecurityOptions", ErrNotInfo)}
	}
	b := &infoBuilder{obj: obj, pos: t.positions(path), prov: inputs.Provenance{}, d: map[string]any{}}
	b.build()
	from := map[string]any{}
	for f := range b.d {
		from[f] = FromInfoName
	}
	b.d["from"] = from
	return &inputs.Document{Path: path, Value: document(path, []string{path}, b.d), Provenance: b.prov}, nil
}

// IsInfo reports whether a decoded JSON object looks like docker info.
func IsInfo(obj map[string]any) bool {
	for _, k := range []string{"ServerVersion", "ID", "SecurityOptions"} {
		if _, ok := obj[k]; ok {
			return true
		}
	}
	return false
}

type infoBuilder struct {
	obj  map[string]any
	pos  map[string]inputs.Position
	prov inputs.Provenance
	d    map[string]any
}

// get returns the value at a path of keys and whether it is there.
func (b *infoBuilder) get(keys ...string) (any, bool) {
	var cur any = b.obj
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// set records fact from the info key path (when present) with the value
// conv returns.
func (b *infoBuilder) set(fact string, conv func(any) any, keys ...string) {
	v, ok := b.get(keys...)
	if !ok {
		return
	}
	b.d[fact] = conv(v)
	b.prov["daemon."+fact] = b.pos[strings.Join(keys, ".")]
}

func asBool(v any) any {
	if b, ok := v.(bool); ok {
		return b
	}
	return nil
}

func asString(v any) any {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return nil
}

func asInt(v any) any {
	if i, ok := intValue(v); ok {
		return i
	}
	return nil
}

func asStrings(v any) any {
	list, _ := v.([]any)
	out := make([]any, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (b *infoBuilder) build() {
	engine := map[string]any{}
	for fact, key := range map[string]string{
		"name": "Name", "id": "ID", "version": "ServerVersion", "os": "OperatingSystem",
		"os_type": "OSType", "kernel_version": "KernelVersion", "architecture": "Architecture",
	} {
		v, _ := b.get(key)
		engine[fact] = asString(v)
		if p, ok := b.pos[key]; ok {
			b.prov["daemon.engine."+fact] = p
		}
	}
	b.d["engine"] = engine

	b.set("debug", asBool, "Debug")
	b.set("log_driver", asString, "LoggingDriver")
	b.set("storage_driver", asString, "Driver")
	b.set("live_restore", asBool, "LiveRestoreEnabled")
	b.set("experimental", asBool, "ExperimentalBuild")
	b.set("cgroup_version", asString, "CgroupVersion")
	b.set("cgroup_driver", asString, "CgroupDriver")
	b.set("default_runtime", asString, "DefaultRuntime")
	b.set("runtimes", func(v any) any { m, _ := v.(map[string]any); return sortedKeys(m) }, "Runtimes")
	b.set("warnings", func(v any) any { return redactedList(asStrings(v).([]any)) }, "Warnings")
	b.set("images", asInt, "Images")
	b.set("authorization_plugins", asStrings, "Plugins", "Authorization")
	b.set("registry_mirrors", asStrings, "RegistryConfig", "Mirrors")

	if _, ok := b.get("Containers"); ok {
		c := map[string]any{}
		for fact, key := range map[string]string{"total": "Containers", "running": "ContainersRunning", "paused": "ContainersPaused", "stopped": "ContainersStopped"} {
			v, _ := b.get(key)
			c[fact] = asInt(v)
		}
		b.d["containers"] = c
		b.prov["daemon.containers"] = b.pos["Containers"]
	}
	if _, ok := b.get("RegistryConfig"); ok {
		b.d["insecure_registries"] = b.insecureRegistries()
		b.prov["daemon.insecure_registries"] = b.pos["RegistryConfig"]
	}
	if opts, ok := b.get("SecurityOptions"); ok {
		b.securityOptions(asStrings(opts).([]any))
	}
	if _, ok := b.get("Swarm"); ok {
		b.swarm()
	}
}

// redactedList redacts secret-looking strings (a warning quoting a proxy
// URL with a password).
func redactedList(list []any) []any {
	for i, v := range list {
		if s, ok := v.(string); ok {
			list[i] = inputs.RedactValue("", s)
		}
	}
	return list
}

// insecureRegistries lists what dockerd pulls from without TLS checks:
// InsecureRegistryCIDRs other than the loopback ranges it always lists,
// and the registries whose index config is not Secure.
func (b *infoBuilder) insecureRegistries() []any {
	set := map[string]bool{}
	cidrs, _ := b.get("RegistryConfig", "InsecureRegistryCIDRs")
	for _, c := range asStrings(cidrs).([]any) {
		if s := c.(string); !loopbackRegistries[s] {
			set[s] = true
		}
	}
	idx, _ := b.get("RegistryConfig", "IndexConfigs")
	if m, ok := idx.(map[string]any); ok {
		for name, cfg := range m {
			c, _ := cfg.(map[string]any)
			if secure, ok := c["Secure"].(bool); ok && !secure {
				set[name] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return inputs.StringList(out)
}

// securityOptions reads the SecurityOptions entries ("name=seccomp,
// profile=default", "name=userns", ...), as moby's daemon/info.go writes
// them.
func (b *infoBuilder) securityOptions(opts []any) {
	names := map[string]map[string]string{}
	index := map[string]int{}
	for i, o := range opts {
		kv := map[string]string{}
		for _, part := range strings.Split(o.(string), ",") {
			k, v, _ := strings.Cut(part, "=")
			kv[k] = v
		}
		if n := kv["name"]; n != "" {
			names[n] = kv
			index[n] = i
		}
	}
	at := func(fact, name string) {
		if i, ok := index[name]; ok {
			b.prov["daemon."+fact] = b.pos[inputs.JoinPath("SecurityOptions", i)]
		} else {
			b.prov["daemon."+fact] = b.pos["SecurityOptions"]
		}
	}
	for fact, name := range map[string]string{"apparmor": "apparmor", "selinux_enabled": "selinux", "userns": "userns", "rootless": "rootless", "seccomp": "seccomp"} {
		_, ok := names[name]
		b.d[fact] = ok
		at(fact, name)
	}
	// Engines before the option was reported never list
	// no-new-privileges: its absence says nothing.
	b.d["no_new_privileges"] = nil
	if _, ok := names["no-new-privileges"]; ok {
		b.d["no_new_privileges"] = true
	}
	at("no_new_privileges", "no-new-privileges")
	b.d["seccomp_profile"] = nil
	if s, ok := names["seccomp"]; ok && s["profile"] != "" {
		b.d["seccomp_profile"] = s["profile"]
	}
	at("seccomp_profile", "seccomp")
	// name=cgroupns is listed when containers get a private cgroup
	// namespace by default.
	b.d["default_cgroupns_mode"] = "host"
	if _, ok := names["cgroupns"]; ok {
		b.d["default_cgroupns_mode"] = "private"
	}
	at("default_cgroupns_mode", "cgroupns")
}

// swarm reads the swarm state of the node.
func (b *infoBuilder) swarm() {
	get := func(keys ...string) any {
		v, _ := b.get(append([]string{"Swarm"}, keys...)...)
		return v
	}
	b.d["swarm"] = map[string]any{
		"local_node_state":    asString(get("LocalNodeState")),
		"node_addr":           asString(get("NodeAddr")),
		"control_available":   asBool(get("ControlAvailable")),
		"managers":            asInt(get("Managers")),
		"nodes":               asInt(get("Nodes")),
		"autolock_managers":   asBool(get("Cluster", "Spec", "EncryptionConfig", "AutoLockManagers")),
		"node_cert_expiry_ns": asInt(get("Cluster", "Spec", "CAConfig", "NodeCertExpiry")),
	}
	b.prov["daemon.swarm"] = b.pos["Swarm"]
}
