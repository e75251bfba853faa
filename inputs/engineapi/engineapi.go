// Package engineapi maps the Docker Engine API's container configuration
// to the normalised Container of the dockpol/v1 document. The same moby API
// types describe the body of POST /containers/create (Config fields at the
// top level, HostConfig, NetworkingConfig) and the Config and HostConfig
// that docker inspect prints, so one mapping serves the inspect adapter
// (inputs/inspect) and the authorization plugin.
//
// The output matches what inputs/compose produces for a service with the
// same settings (the equivalence test holds the adapters to it):
// capabilities upper case without CAP_, security options with "=",
// host_ip null when no address was given, secret-like environment values
// never stored. Values the daemon fills in when it stores a container
// (IpcMode private, the default MaskedPaths, LogConfig json-file, ...)
// normalise to null, "not set", like a compose service that does not set
// them.
package engineapi

import (
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"

	"github.com/dockpol/dockpol/inputs"
)

// Origin kinds of a container.
const (
	OriginContainer = "container" // docker inspect (a saved file or the live API)
	OriginRequest   = "request"   // a create request body
	OriginImage     = "image"     // docker image inspect
)

// Origin says where a container is defined.
type Origin struct {
	Kind string // OriginContainer, OriginRequest or OriginImage
	File string // "" when there is no file (the live API, a request)
	Line int    // 0 when unknown
}

// Field is the place of a value in the Engine API's JSON: object keys and
// array indexes from the root of a docker inspect element or of a create
// body ({"HostConfig", "Binds", 1}).
type Field []any

// Defaults are the values the daemon fills in when it stores a container
// whose request left them empty. The zero value means Docker's defaults.
type Defaults struct {
	// IpcMode is the daemon's default-ipc-mode: "private" (the default
	// since Engine 20.10 and for API >= 1.40), "shareable" before.
	IpcMode string
	// CgroupnsMode is "host" on cgroup v1 hosts and "private" on cgroup v2
	// ones; "" when the host is not known, in which case a stored "host"
	// or "private" may be either default or explicit and reads as null.
	CgroupnsMode string
	// LogDriver is the daemon's log-driver ("json-file" by default).
	LogDriver string
	// Runtime is the daemon's default-runtime ("runc" by default).
	Runtime string
}

func (d Defaults) ipcMode() string   { return or(d.IpcMode, "private") }
func (d Defaults) logDriver() string { return or(d.LogDriver, "json-file") }
func (d Defaults) runtime() string   { return or(d.Runtime, "runc") }

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// Volume is what the engine knows about a named volume.
type Volume struct {
	Driver  string
	Options map[string]string
}

// Options shape the mapping.
type Options struct {
	// Origin is recorded as the container's origin.
	Origin Origin
	// Stored says the configuration is the one the daemon stored (docker
	// inspect): values equal to the daemon's defaults read as null. A
	// request body (false) holds only what the client sent.
	Stored bool
	// Defaults are the daemon's defaults, where known.
	Defaults Defaults
	// Volumes are the named volumes the engine knows, by name (their
	// driver and options reveal a host bind in disguise); nil when unknown.
	Volumes map[string]Volume
	// ContainerNames maps container IDs to names, so that references such
	// as "container:ID" read "container:NAME" as a compose file writes them.
	ContainerNames map[string]string
	// ConfigPath is where Config's fields sit in the source JSON, for
	// Sources: {"Config"} in docker inspect, nil in a create body (its
	// Config fields are at the top level).
	ConfigPath Field
	// Sources, when not nil, receives for each normalised field (a path
	// relative to the container: "privileged", "mounts[1]") the API field
	// that set it, so that an adapter can point findings at its input.
	Sources map[string]Field
}

// Container maps an Engine API container configuration to the normalised
// Container. cfg, host and net may be nil (not sent).
func Container(name string, cfg *container.Config, host *container.HostConfig, net *network.NetworkingConfig, opts Options) map[string]any {
	b := newBuilder(cfg, host, net, opts)
	h := b.host
	c := map[string]any{
		"name":                name,
		"origin":              origin(opts.Origin, OriginRequest),
		"image":               b.image(),
		"user":                b.cfgStr("user", "User", b.cfg.User),
		"privileged":          b.flag("privileged", "Privileged", h.Privileged),
		"read_only_rootfs":    b.flag("read_only_rootfs", "ReadonlyRootfs", h.ReadonlyRootfs),
		"init":                b.init(),
		"runtime":             b.runtime(),
		"cap_add":             b.caps("cap_add", "CapAdd", h.CapAdd),
		"cap_drop":            b.caps("cap_drop", "CapDrop", h.CapDrop),
		"security":            b.security(),
		"namespaces":          b.namespaces(),
		"networks":            b.networks(),
		"mounts":              b.mounts(),
		"ports":               b.ports(),
		"publish_all_ports":   b.flag("publish_all_ports", "PublishAllPorts", h.PublishAllPorts),
		"exposed_ports":       b.exposed(true),
		"devices":             b.devices(),
		"device_cgroup_rules": b.hostList("device_cgroup_rules", "DeviceCgroupRules", h.DeviceCgroupRules),
		"resources":           b.resources(),
		"cgroup_parent":       b.hostStr("cgroup_parent", "CgroupParent", h.CgroupParent),
		"ulimits":             b.ulimits(),
		"sysctls":             b.sysctls(),
		"volumes_from":        b.hostList("volumes_from", "VolumesFrom", h.VolumesFrom),
		"environment":         b.environment(),
		"command":             b.args("command", "Cmd", b.cfg.Cmd),
		"entrypoint":          b.args("entrypoint", "Entrypoint", b.cfg.Entrypoint),
		"healthcheck":         b.healthcheck(),
		"logging":             b.logging(),
		"restart":             b.restart(),
		"labels":              b.labels(),
		"waivers":             b.waivers(),
	}
	inputs.ScrubFreeText(c, b.envSecrets())
	return c
}

// Image maps an image's configuration (docker image inspect's Config, or
// the config of an OCI image) to a Container holding what an image can
// say: user, exposed ports, environment, volumes, command, entrypoint,
// healthcheck and labels. Fields only a container has are absent. ref is
// the image reference (a tag of the image), "" when unknown.
func Image(name, ref string, cfg *container.Config, opts Options) map[string]any {
	b := newBuilder(cfg, nil, nil, opts)
	c := map[string]any{
		"name":          name,
		"origin":        origin(opts.Origin, OriginImage),
		"image":         inputs.ImageRef(ref),
		"user":          b.cfgStr("user", "User", b.cfg.User),
		"mounts":        b.imageVolumes(),
		"exposed_ports": b.exposed(false),
		"environment":   b.environment(),
		"command":       b.args("command", "Cmd", b.cfg.Cmd),
		"entrypoint":    b.args("entrypoint", "Entrypoint", b.cfg.Entrypoint),
		"healthcheck":   b.healthcheck(),
		"labels":        b.labels(),
		"waivers":       b.waivers(),
	}
	inputs.ScrubFreeText(c, b.envSecrets())
	return c
}

// envSecrets replaces the secret-like values of Config.Env wherever
// they reappear in free text (a command argument, a label), or is nil.
func (b *builder) envSecrets() *strings.Replacer {
	var values []string
	for i, like := range b.envSecretLike() {
		if like {
			_, value, _ := strings.Cut(b.cfg.Env[i], "=")
			values = append(values, value)
		}
	}
	return inputs.SecretReplacer(values)
}

func origin(o Origin, kind string) map[string]any {
	if o.Kind != "" {
		kind = o.Kind
	}
	out := map[string]any{"kind": kind, "file": nil, "line": nil}
	if o.File != "" {
		out["file"] = o.File
	}
	if o.Line > 0 {
		out["line"] = o.Line
	}
	return out
}

type builder struct {
	cfg  *container.Config
	host *container.HostConfig
	net  *network.NetworkingConfig
	opts Options

	envLike []bool // of envSecretLike, once computed
}

func newBuilder(cfg *container.Config, host *container.HostConfig, net *network.NetworkingConfig, opts Options) *builder {
	if cfg == nil {
		cfg = &container.Config{}
	}
	if host == nil {
		host = &container.HostConfig{}
	}
	if net == nil {
		net = &network.NetworkingConfig{}
	}
	return &builder{cfg: cfg, host: host, net: net, opts: opts}
}

// at records that the normalised field path was set by the API field f.
func (b *builder) at(path string, f Field) {
	if b.opts.Sources != nil {
		b.opts.Sources[path] = f
	}
}

// tracking reports whether the caller wants Sources. Paths and fields
// are built only then: the authorization gate, which wants none, would
// spend a third of the mapping's allocations on them.
func (b *builder) tracking() bool { return b.opts.Sources != nil }

// atHost records that path was set by HostConfig.key.
func (b *builder) atHost(path, key string) {
	if b.tracking() {
		b.at(path, hostField(key))
	}
}

// atCfg records that path was set by Config's key.
func (b *builder) atCfg(path, key string) {
	if b.tracking() {
		b.at(path, b.cfgField(key))
	}
}

func (b *builder) cfgField(segs ...any) Field {
	out := append(Field{}, b.opts.ConfigPath...)
	return append(out, segs...)
}

func hostField(segs ...any) Field {
	return append(Field{"HostConfig"}, segs...)
}

func (b *builder) cfgStr(path, key, v string) any {
	b.atCfg(path, key)
	return inputs.StrOrNil(v)
}

func (b *builder) hostStr(path, key, v string) any {
	b.atHost(path, key)
	return inputs.StrOrNil(v)
}

// flag maps a boolean the API cannot leave unset: false, the default,
// reads as null ("not set").
func (b *builder) flag(path, key string, v bool) any {
	b.atHost(path, key)
	if v {
		return true
	}
	return nil
}

func (b *builder) hostList(path, key string, v []string) []any {
	b.atHost(path, key)
	if b.tracking() {
		for i := range v {
			b.at(inputs.JoinPath(path, i), hostField(key, i))
		}
	}
	return inputs.StringList(v)
}

func (b *builder) image() any {
	b.atCfg("image", "Image")
	return inputs.ImageRef(b.cfg.Image)
}

func (b *builder) init() any {
	b.atHost("init", "Init")
	if b.host.Init == nil {
		return nil
	}
	return *b.host.Init
}

func (b *builder) runtime() any {
	b.atHost("runtime", "Runtime")
	rt := b.host.Runtime
	if b.opts.Stored && rt == b.opts.Defaults.runtime() {
		return nil
	}
	return inputs.StrOrNil(rt)
}

func (b *builder) caps(path, key string, caps []string) []any {
	b.atHost(path, key)
	out := make([]any, 0, len(caps))
	for i, c := range caps {
		out = append(out, inputs.NormCap(c))
		if b.tracking() {
			b.at(inputs.JoinPath(path, i), hostField(key, i))
		}
	}
	return out
}

// defaultMasked and defaultReadonly are paths every Engine since 18.06
// masks or mounts read-only by default; a stored list holding them all is
// the daemon's default (or stricter), and one that lacks any was
// weakened through the API.
var (
	defaultMasked   = []string{"/proc/kcore", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"}
	defaultReadonly = []string{"/proc/sys", "/proc/sysrq-trigger"}
)

// systemPaths reads MaskedPaths and ReadonlyPaths: null means the
// defaults; an empty list is what `--security-opt systempaths=unconfined`
// sends; a list without some default path was weakened ("custom").
func (b *builder) systemPaths() string {
	h := b.host
	if (h.MaskedPaths != nil && len(h.MaskedPaths) == 0) || (h.ReadonlyPaths != nil && len(h.ReadonlyPaths) == 0) {
		return "unconfined"
	}
	if (h.MaskedPaths != nil && !containsAll(h.MaskedPaths, defaultMasked)) ||
		(h.ReadonlyPaths != nil && !containsAll(h.ReadonlyPaths, defaultReadonly)) {
		return "custom"
	}
	return ""
}

func containsAll(list, want []string) bool {
	have := map[string]bool{}
	for _, p := range list {
		have[path.Clean(p)] = true
	}
	for _, p := range want {
		if !have[p] {
			return false
		}
	}
	return true
}

func (b *builder) security() map[string]any {
	h := b.host
	// The daemon adds label=disable to privileged containers and to those
	// sharing the host's PID or IPC namespace (daemon/create.go
	// generateSecurityOpt): not the user's setting.
	daemonLabel := b.opts.Stored && (h.Privileged || h.PidMode.IsHost() || h.IpcMode.IsHost())
	var opts []string
	b.atHost("security", "SecurityOpt")
	for i, o := range h.SecurityOpt {
		name, value := inputs.SplitSecurityOpt(o)
		if daemonLabel && name == "label" && value == "disable" {
			continue
		}
		if b.tracking() {
			f := hostField("SecurityOpt", i)
			b.at(inputs.JoinPath("security", "options", len(opts)), f)
			if field := secFields[name]; field != "" {
				b.at(inputs.JoinPath("security", field), f)
			}
		}
		opts = append(opts, o)
	}
	sec := inputs.Security(opts)
	if sp := b.systemPaths(); sp != "" && sec["systempaths"] == nil {
		// the CLI turns systempaths=unconfined into empty lists: keep the
		// option's spelling, as a compose file writes it
		sec["systempaths"] = sp
		list, _ := sec["options"].([]any)
		sec["options"] = append(list, "systempaths="+sp)
		key := "MaskedPaths"
		if h.MaskedPaths == nil || (len(h.MaskedPaths) > 0 && sp == "unconfined") {
			key = "ReadonlyPaths"
		}
		b.atHost("security.systempaths", key)
	}
	return sec
}

var secFields = map[string]string{
	"seccomp": "seccomp", "apparmor": "apparmor", "label": "selinux",
	"no-new-privileges": "no_new_privileges", "systempaths": "systempaths",
}

// namespaceKeys are the HostConfig keys of the namespaces.
var namespaceKeys = map[string]string{"pid": "PidMode", "ipc": "IpcMode", "uts": "UTSMode", "network": "NetworkMode", "cgroup": "CgroupnsMode", "userns": "UsernsMode"}

// containerRef writes "container:ID" with the container's name when known.
func (b *builder) containerRef(mode string) string {
	if id, ok := strings.CutPrefix(mode, "container:"); ok {
		if name := b.opts.ContainerNames[id]; name != "" {
			return "container:" + name
		}
	}
	return mode
}

func (b *builder) namespaces() map[string]any {
	h := b.host
	ns := map[string]any{
		"pid":     nil,
		"ipc":     nil,
		"uts":     inputs.StrOrNil(string(h.UTSMode)),
		"network": nil,
		"cgroup":  nil,
		"userns":  inputs.StrOrNil(string(h.UsernsMode)),
	}
	if b.tracking() {
		for field, key := range namespaceKeys {
			b.at(inputs.JoinPath("namespaces", field), hostField(key))
		}
	}
	if m := string(h.PidMode); m != "" {
		ns["pid"] = b.containerRef(m)
	}
	if m := string(h.IpcMode); m != "" && !(b.opts.Stored && m == b.opts.Defaults.ipcMode()) {
		ns["ipc"] = b.containerRef(m)
	}
	switch m := string(h.NetworkMode); m {
	case "", network.NetworkDefault, network.NetworkBridge:
		// the default bridge network: what a compose service without
		// network_mode gets too
	default:
		ns["network"] = b.containerRef(m)
	}
	if m := string(h.CgroupnsMode); m != "" {
		def := b.opts.Defaults.CgroupnsMode
		switch {
		case b.opts.Stored && m == def:
		case b.opts.Stored && def == "" && (m == "host" || m == "private"):
			// which one is the default depends on the host's cgroup
			// version, which a saved inspect does not tell
		default:
			ns["cgroup"] = m
		}
	}
	return ns
}

// networks lists the networks the container joins (user-defined ones by
// name, "bridge" for the default network); host, none and container:
// modes join none, as a compose service with network_mode.
func (b *builder) networks() []any {
	mode := string(b.host.NetworkMode)
	b.atHost("networks", "NetworkMode")
	if mode == network.NetworkHost || mode == network.NetworkNone || strings.HasPrefix(mode, "container:") {
		return []any{}
	}
	set := map[string]bool{}
	for n := range b.net.EndpointsConfig {
		switch n {
		case network.NetworkHost, network.NetworkNone, "":
		case network.NetworkDefault:
			set[network.NetworkBridge] = true // the CLI's name for it
		default:
			set[n] = true
		}
	}
	if mode != "" && mode != network.NetworkDefault {
		set[mode] = true
	}
	if len(set) == 0 {
		set[network.NetworkBridge] = true
	}
	return inputs.StringList(inputs.SortedKeys(set))
}

// propagations are the bind propagation modes a Binds entry may name.
var propagations = map[string]bool{"shared": true, "rshared": true, "slave": true, "rslave": true, "private": true, "rprivate": true}

func newMount(typ string, source any, target string, readOnly bool) map[string]any {
	return map[string]any{
		"type": typ, "source": source, "target": cleanTarget(target), "read_only": readOnly,
		"propagation": nil, "volume_driver": nil, "driver_device": nil,
	}
}

func cleanTarget(t string) string {
	if t == "" {
		return t
	}
	return path.Clean(t)
}

// mounts lists HostConfig.Binds, HostConfig.Mounts, HostConfig.Tmpfs and
// the anonymous volumes of Config.Volumes, in that order.
func (b *builder) mounts() []any {
	h := b.host
	n := len(h.Binds) + len(h.Mounts) + len(h.Tmpfs) + len(b.cfg.Volumes)
	out := make([]any, 0, n)
	// add appends m, set by the API field f() (built only when tracking)
	add := func(m map[string]any, f func() Field) {
		if b.tracking() {
			b.at(inputs.JoinPath("mounts", len(out)), f())
		}
		out = append(out, m)
	}
	b.atHost("mounts", "Binds")
	for i, spec := range h.Binds {
		if m := b.bind(spec); m != nil {
			add(m, func() Field { return hostField("Binds", i) })
		}
	}
	for i, mt := range h.Mounts {
		add(b.apiMount(mt), func() Field { return hostField("Mounts", i) })
	}
	for _, target := range inputs.SortedKeys(h.Tmpfs) {
		ro := false
		for _, o := range strings.Split(h.Tmpfs[target], ",") {
			ro = ro || strings.TrimSpace(o) == "ro"
		}
		add(newMount("tmpfs", nil, target, ro), func() Field { return hostField("Tmpfs", target) })
	}
	if len(b.cfg.Volumes) == 0 {
		return out
	}
	targets := map[string]bool{}
	for _, m := range out {
		targets[m.(map[string]any)["target"].(string)] = true
	}
	for _, t := range inputs.SortedKeys(b.cfg.Volumes) {
		if t != "" && !targets[cleanTarget(t)] {
			add(b.anonymousVolume(t), func() Field { return b.cfgField("Volumes", t) })
		}
	}
	return out
}

// anonymousVolume is an entry of Config.Volumes (the image's VOLUMEs,
// docker run -v /path) that no other mount covers.
func (b *builder) anonymousVolume(target string) map[string]any {
	m := newMount("volume", nil, target, false)
	m["volume_driver"] = inputs.StrOrNil(b.host.VolumeDriver)
	return m
}

// imageVolumes lists an image's VOLUMEs as anonymous volumes.
func (b *builder) imageVolumes() []any {
	out := []any{}
	b.atCfg("mounts", "Volumes")
	for _, t := range inputs.SortedKeys(b.cfg.Volumes) {
		if t != "" {
			if b.tracking() {
				b.at(inputs.JoinPath("mounts", len(out)), b.cfgField("Volumes", t))
			}
			out = append(out, b.anonymousVolume(t))
		}
	}
	return out
}

// bind parses a HostConfig.Binds entry: "SRC:DST[:OPTS]" (a host path
// when SRC is absolute, else a volume name) or "DST" (anonymous volume).
func (b *builder) bind(spec string) map[string]any {
	parts := strings.Split(spec, ":")
	var src, dst, mode string
	switch len(parts) {
	case 1:
		dst = parts[0]
	case 2:
		src, dst = parts[0], parts[1]
	case 3:
		src, dst, mode = parts[0], parts[1], parts[2]
	default:
		return nil // the daemon rejects it
	}
	ro, prop := false, ""
	for _, o := range strings.Split(mode, ",") {
		switch o = strings.TrimSpace(o); {
		case o == "ro":
			ro = true
		case propagations[o]:
			prop = o
		}
	}
	if strings.HasPrefix(src, "/") {
		m := newMount("bind", src, dst, ro)
		m["propagation"] = inputs.StrOrNil(prop)
		return m
	}
	m := newMount("volume", inputs.StrOrNil(src), dst, ro)
	b.volumeFacts(m, src, nil)
	return m
}

// volumeFacts fills a volume mount's driver and, for a local volume bound
// to a host path (type=none,o=bind,device=PATH), driver_device. cfg is
// the mount's own VolumeOptions.DriverConfig, if any.
func (b *builder) volumeFacts(m map[string]any, name string, cfg *mount.Driver) {
	driver, opts := "", map[string]string(nil)
	if cfg != nil {
		driver, opts = cfg.Name, cfg.Options
	}
	if v, ok := b.opts.Volumes[name]; ok && name != "" {
		// an existing volume keeps its own driver and options
		driver, opts = or(v.Driver, driver), v.Options
	}
	if driver == "" {
		driver = b.host.VolumeDriver
	}
	m["volume_driver"] = inputs.StrOrNil(driver)
	if (driver == "" || driver == "local") && opts["device"] != "" {
		for _, o := range strings.Split(opts["o"], ",") {
			if o = strings.TrimSpace(o); o == "bind" || o == "rbind" {
				m["driver_device"] = opts["device"]
				break
			}
		}
	}
}

func (b *builder) apiMount(mt mount.Mount) map[string]any {
	m := newMount(string(mt.Type), inputs.StrOrNil(mt.Source), mt.Target, mt.ReadOnly)
	switch mt.Type {
	case mount.TypeBind:
		if mt.BindOptions != nil {
			m["propagation"] = inputs.StrOrNil(string(mt.BindOptions.Propagation))
		}
	case mount.TypeVolume:
		var dc *mount.Driver
		if mt.VolumeOptions != nil {
			dc = mt.VolumeOptions.DriverConfig
		}
		b.volumeFacts(m, mt.Source, dc)
	case mount.TypeTmpfs:
		m["source"] = nil
	}
	return m
}

// portKeys sorts a port map's keys by number and protocol.
func portKeys[V any](m map[network.Port]V) []network.Port {
	keys := make([]network.Port, 0, len(m))
	for p := range m {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Num() != keys[j].Num() {
			return keys[i].Num() < keys[j].Num()
		}
		return keys[i].Proto() < keys[j].Proto()
	})
	return keys
}

func (b *builder) ports() []any {
	out := []any{}
	b.atHost("ports", "PortBindings")
	for _, p := range portKeys(b.host.PortBindings) {
		for j, pb := range b.host.PortBindings[p] {
			var ip any
			if pb.HostIP.IsValid() {
				ip = pb.HostIP.String()
			}
			proto := string(p.Proto())
			if proto == "" {
				proto = "tcp"
			}
			if b.tracking() {
				b.at(inputs.JoinPath("ports", len(out)), hostField("PortBindings", p.String(), j))
			}
			out = append(out, map[string]any{
				"host_ip":        ip,
				"host_port":      inputs.StrOrNil(pb.HostPort),
				"container_port": int(p.Num()),
				"protocol":       proto,
			})
		}
	}
	return out
}

// exposed lists Config.ExposedPorts. A container's published ports are
// left out (they are in ports; the CLI and docker compose expose every
// port they publish), so exposed_ports means what compose's expose does.
func (b *builder) exposed(dropPublished bool) []any {
	out := []any{}
	b.atCfg("exposed_ports", "ExposedPorts")
	for _, p := range portKeys(b.cfg.ExposedPorts) {
		if dropPublished && len(b.host.PortBindings[p]) > 0 {
			continue
		}
		if b.tracking() {
			b.at(inputs.JoinPath("exposed_ports", len(out)), b.cfgField("ExposedPorts", p.String()))
		}
		out = append(out, p.String())
	}
	return out
}

func (b *builder) devices() []any {
	out := make([]any, 0, len(b.host.Devices))
	b.atHost("devices", "Devices")
	for i, d := range b.host.Devices {
		target := d.PathInContainer
		if target == "" {
			target = d.PathOnHost
		}
		if b.tracking() {
			b.at(inputs.JoinPath("devices", i), hostField("Devices", i))
		}
		out = append(out, map[string]any{"host_path": d.PathOnHost, "container_path": target, "permissions": or(d.CgroupPermissions, "rwm")})
	}
	return out
}

func (b *builder) resources() map[string]any {
	h := b.host
	nonZero := func(path, key string, v int64) any {
		if b.tracking() {
			b.at(inputs.JoinPath("resources", path), hostField(key))
		}
		if v == 0 {
			return nil
		}
		return v
	}
	r := map[string]any{
		"memory":             nonZero("memory", "Memory", h.Memory),
		"memory_swap":        nonZero("memory_swap", "MemorySwap", h.MemorySwap),
		"memory_reservation": nonZero("memory_reservation", "MemoryReservation", h.MemoryReservation),
		"cpus":               nil,
		"cpu_shares":         nonZero("cpu_shares", "CpuShares", h.CPUShares),
		"cpu_quota":          nonZero("cpu_quota", "CpuQuota", h.CPUQuota),
		"pids_limit":         nil,
		"oom_kill_disable":   nil,
	}
	if b.opts.Stored && h.Memory > 0 && h.MemorySwap == 2*h.Memory {
		// the daemon's default swap for a memory limit (daemon_unix.go)
		r["memory_swap"] = nil
	}
	b.atHost("resources.cpus", "NanoCpus")
	if h.NanoCPUs != 0 {
		r["cpus"] = roundCPUs(float64(h.NanoCPUs) / 1e9)
	}
	b.atHost("resources.pids_limit", "PidsLimit")
	if h.PidsLimit != nil && *h.PidsLimit != 0 {
		r["pids_limit"] = *h.PidsLimit
	}
	b.atHost("resources.oom_kill_disable", "OomKillDisable")
	if h.OomKillDisable != nil && *h.OomKillDisable {
		r["oom_kill_disable"] = true
	}
	return r
}

// roundCPUs drops floating-point noise (0.5 stays 0.5).
func roundCPUs(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64)
	return v
}

func (b *builder) ulimits() map[string]any {
	out := map[string]any{}
	b.atHost("ulimits", "Ulimits")
	for i, u := range b.host.Ulimits {
		if u == nil {
			continue
		}
		out[u.Name] = map[string]any{"soft": u.Soft, "hard": u.Hard}
		if b.tracking() {
			b.at(inputs.JoinPath("ulimits", u.Name), hostField("Ulimits", i))
		}
	}
	return out
}

func (b *builder) sysctls() map[string]any {
	out := make(map[string]any, len(b.host.Sysctls))
	b.atHost("sysctls", "Sysctls")
	for k, v := range b.host.Sysctls {
		out[k] = v
		if b.tracking() {
			b.at(inputs.JoinPath("sysctls", k), hostField("Sysctls", k))
		}
	}
	return out
}

// environment lists Config.Env sorted by name (the last of duplicates
// wins, as in the container); values only when not secret-like. A docker
// inspect Env also holds the image's ENV.
func (b *builder) environment() []any {
	type entry struct {
		name, value string
		hasValue    bool
		index       int
	}
	vars := make([]entry, 0, len(b.cfg.Env))
	for i, kv := range b.cfg.Env {
		name, value, ok := strings.Cut(kv, "=")
		if name == "" {
			continue
		}
		vars = append(vars, entry{name: name, value: value, hasValue: ok, index: i})
	}
	// stable: of the entries of one name, the last one set is last
	slices.SortStableFunc(vars, func(x, y entry) int { return strings.Compare(x.name, y.name) })
	b.atCfg("environment", "Env")
	like := b.envSecretLike()
	out := make([]any, 0, len(vars))
	for i, e := range vars {
		if i+1 < len(vars) && vars[i+1].name == e.name {
			continue // set again later
		}
		kind := "literal"
		switch {
		case !e.hasValue:
			kind = "passthrough"
		case e.value == "":
			kind = "empty"
		case hasFileSuffix(e.name) && strings.HasPrefix(e.value, "/"):
			kind = "file_ref"
		}
		var secret bool
		if e.hasValue {
			// SecretLike(name, value) && kind != "file_ref" ||
			// SecretValue(value), where SecretLike holds when
			// SecretValue does
			secret = like[e.index] && (kind != "file_ref" || inputs.SecretValue(e.value))
		} else {
			secret = inputs.SecretLike(e.name, "")
		}
		m := map[string]any{"name": e.name, "value_kind": kind, "secret_like": secret}
		if !secret && e.hasValue {
			m["value"] = e.value
		}
		if b.tracking() {
			b.at(inputs.JoinPath("environment", len(out)), b.cfgField("Env", e.index))
		}
		out = append(out, m)
	}
	return out
}

// envSecretLike returns, for each entry of Config.Env, whether it is
// NAME=value with inputs.SecretLike(NAME, value): environment and
// envSecrets both need it, and it costs a look at every value.
func (b *builder) envSecretLike() []bool {
	if b.envLike == nil {
		b.envLike = make([]bool, len(b.cfg.Env))
		for i, kv := range b.cfg.Env {
			if name, value, ok := strings.Cut(kv, "="); ok {
				b.envLike[i] = inputs.SecretLike(name, value)
			}
		}
	}
	return b.envLike
}

// hasFileSuffix is strings.HasSuffix(strings.ToUpper(name), "_FILE")
// without upper-casing an ASCII name.
func hasFileSuffix(name string) bool {
	const suffix = "_FILE"
	if !isASCII(name) {
		return strings.HasSuffix(strings.ToUpper(name), suffix)
	}
	return len(name) >= len(suffix) && strings.EqualFold(name[len(name)-len(suffix):], suffix)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (b *builder) args(path, key string, args []string) any {
	b.atCfg(path, key)
	if args == nil {
		return nil
	}
	return inputs.RedactArgList(args)
}

func (b *builder) healthcheck() any {
	b.atCfg("healthcheck", "Healthcheck")
	h := b.cfg.Healthcheck
	if h == nil {
		return nil
	}
	var test any
	if len(h.Test) > 0 {
		test = inputs.RedactArgList(h.Test)
	}
	return map[string]any{"test": test, "disabled": len(h.Test) > 0 && strings.EqualFold(h.Test[0], "NONE")}
}

func (b *builder) logging() any {
	lc := b.host.LogConfig
	b.atHost("logging", "LogConfig")
	driver := lc.Type
	if b.opts.Stored && driver == b.opts.Defaults.logDriver() {
		driver = "" // the daemon wrote its log-driver in
	}
	if driver == "" && len(lc.Config) == 0 {
		return nil
	}
	return map[string]any{"driver": inputs.StrOrNil(driver), "options": inputs.RedactedMap(lc.Config)}
}

func (b *builder) restart() any {
	rp := b.host.RestartPolicy
	b.atHost("restart", "RestartPolicy")
	if rp.IsNone() {
		// "no" is what the CLI sends and the daemon stores by default
		return nil
	}
	var retries any
	if rp.MaximumRetryCount > 0 {
		retries = int64(rp.MaximumRetryCount)
	}
	return map[string]any{"policy": string(rp.Name), "max_retries": retries}
}

func (b *builder) labels() map[string]any {
	b.atCfg("labels", "Labels")
	if b.tracking() {
		for k := range b.cfg.Labels {
			b.at(inputs.JoinPath("labels", k), b.cfgField("Labels", k))
		}
	}
	return inputs.RedactedMap(b.cfg.Labels)
}

// waivers reads the dockpol.ignore label; a malformed one carries no
// waiver (an adapter that reports input errors checks it with
// inputs.LabelWaivers).
func (b *builder) waivers() []any {
	if b.tracking() {
		b.at("waivers", b.cfgField("Labels", inputs.WaiverLabel))
	}
	v, ok := b.cfg.Labels[inputs.WaiverLabel]
	if !ok {
		return []any{}
	}
	w, err := inputs.LabelWaivers(v)
	if err != nil {
		return []any{}
	}
	return w
}

// Environment maps a list of KEY=value strings (Config.Env, an exec's Env)
// as Container.environment: sorted by name, values only when not
// secret-like.
func Environment(env []string) []any {
	return newBuilder(&container.Config{Env: env}, nil, nil, Options{}).environment()
}

// Args maps a command line (Cmd, Entrypoint, an exec's Cmd) with
// secret-looking arguments redacted; nil when args is nil.
func Args(args []string) any {
	return newBuilder(&container.Config{}, nil, nil, Options{}).args("command", "Cmd", args)
}
