package compose

import (
	"fmt"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// keyPaths maps normalised container fields to the compose keys that set
// them, highest priority first (deploy.resources.limits wins over
// mem_limit, as docker compose applies it).
var keyPaths = map[string][][]string{
	"image":                        {{"image"}},
	"build":                        {{"build"}},
	"user":                         {{"user"}},
	"privileged":                   {{"privileged"}},
	"read_only_rootfs":             {{"read_only"}},
	"init":                         {{"init"}},
	"runtime":                      {{"runtime"}},
	"cap_add":                      {{"cap_add"}},
	"cap_drop":                     {{"cap_drop"}},
	"security":                     {{"security_opt"}},
	"namespaces.pid":               {{"pid"}},
	"namespaces.ipc":               {{"ipc"}},
	"namespaces.uts":               {{"uts"}},
	"namespaces.network":           {{"network_mode"}, {"net"}},
	"namespaces.cgroup":            {{"cgroup"}},
	"namespaces.userns":            {{"userns_mode"}},
	"networks":                     {{"networks"}},
	"mounts":                       {{"volumes"}, {"tmpfs"}},
	"ports":                        {{"ports"}},
	"exposed_ports":                {{"expose"}},
	"devices":                      {{"devices"}},
	"device_cgroup_rules":          {{"device_cgroup_rules"}},
	"resources.memory":             {{"deploy", "resources", "limits", "memory"}, {"mem_limit"}},
	"resources.memory_swap":        {{"memswap_limit"}},
	"resources.memory_reservation": {{"deploy", "resources", "reservations", "memory"}, {"mem_reservation"}},
	"resources.cpus":               {{"deploy", "resources", "limits", "cpus"}, {"cpus"}},
	"resources.cpu_shares":         {{"cpu_shares"}},
	"resources.cpu_quota":          {{"cpu_quota"}},
	"resources.pids_limit":         {{"deploy", "resources", "limits", "pids"}, {"pids_limit"}},
	"resources.oom_kill_disable":   {{"oom_kill_disable"}},
	"cgroup_parent":                {{"cgroup_parent"}},
	"ulimits":                      {{"ulimits"}},
	"sysctls":                      {{"sysctls"}},
	"volumes_from":                 {{"volumes_from"}},
	"environment":                  {{"environment"}, {"env_file"}},
	"secrets":                      {{"secrets"}},
	"configs":                      {{"configs"}},
	"command":                      {{"command"}},
	"entrypoint":                   {{"entrypoint"}},
	"healthcheck":                  {{"healthcheck"}},
	"logging":                      {{"logging"}, {"log_driver"}},
	"restart":                      {{"deploy", "restart_policy"}, {"restart"}},
	"pull_policy":                  {{"pull_policy"}},
	"labels":                       {{"labels"}},
	"waivers":                      {{"x-dockpol", "ignore"}, {"labels", inputs.WaiverLabel}},
}

// container normalises service svc, the i-th container of the document,
// and records the provenance of its fields.
func (b *builder) container(i int, svc types.ServiceConfig) map[string]any {
	layers := b.src.services[svc.Name]
	base := inputs.JoinPath("containers", i)
	b.recordKeys(base, layers)

	origin := map[string]any{"kind": "service", "file": nil, "line": nil}
	if pos, ok := b.src.origins[svc.Name]; ok {
		origin["file"], origin["line"] = pos.File, pos.Line
		b.prov[base] = pos
	}
	// set reports whether the winning layer sets a key: a bool such as
	// privileged is null (the default) unless written.
	set := func(key string) bool {
		_, k, _ := findKey(layers, []string{key})
		return k != nil
	}
	boolOrNil := func(key string, v bool) any {
		if v || set(key) {
			return v
		}
		return nil
	}

	c := map[string]any{
		"name":                svc.Name,
		"origin":              origin,
		"image":               b.image(layers, svc.Image),
		"build":               b.build(layers, svc.Build),
		"image_config":        b.imageConfig(base, layers, svc),
		"one_shot":            b.oneShot(svc.Name),
		"user":                inputs.StrOrNil(svc.User),
		"privileged":          boolOrNil("privileged", svc.Privileged),
		"read_only_rootfs":    boolOrNil("read_only", svc.ReadOnly),
		"init":                nil,
		"runtime":             inputs.StrOrNil(svc.Runtime),
		"cap_add":             b.caps(base+".cap_add", "cap_add", layers, svc.CapAdd),
		"cap_drop":            b.caps(base+".cap_drop", "cap_drop", layers, svc.CapDrop),
		"security":            inputs.Security(svc.SecurityOpt),
		"namespaces":          b.namespaces(svc),
		"networks":            b.serviceNetworks(svc),
		"mounts":              b.mounts(base, layers, svc),
		"ports":               b.ports(base, layers, svc),
		"publish_all_ports":   nil,
		"exposed_ports":       exposed(svc.Expose),
		"devices":             b.devices(svc),
		"device_cgroup_rules": inputs.StringList(nonNil(svc.DeviceCgroupRules)),
		"resources":           b.resources(svc, set),
		"cgroup_parent":       inputs.StrOrNil(svc.CgroupParent),
		"ulimits":             ulimits(svc.Ulimits),
		"sysctls":             stringMap(svc.Sysctls),
		"volumes_from":        inputs.StringList(nonNil(svc.VolumesFrom)),
		"environment":         b.environment(base, layers, svc),
		"secrets":             fileRefs(svc.Secrets, "/run/secrets/"),
		"configs":             fileRefs(configRefs(svc.Configs), ""),
		"command":             argList(svc.Command),
		"entrypoint":          argList(svc.Entrypoint),
		"healthcheck":         healthcheck(svc.HealthCheck),
		"logging":             logging(svc),
		"restart":             b.restart(layers, svc),
		"pull_policy":         inputs.StrOrNil(svc.PullPolicy),
		"labels":              inputs.RedactedMap(svc.Labels),
		"waivers":             b.waivers(layers, svc),
	}
	if svc.Init != nil {
		c["init"] = *svc.Init
	}
	b.securityItems(base, layers, svc.SecurityOpt)
	return c
}

// oneShot reports whether another service of the project waits for this
// one to run to completion (depends_on with condition
// service_completed_successfully): an init or migration job, not a
// long-running service.
// The set is built once: asking every service of every other one is
// quadratic, minutes for a file of many thousand services.
func (b *builder) oneShot(name string) bool {
	if b.oneShots == nil {
		b.oneShots = map[string]bool{}
		for _, other := range b.project.Services {
			for dep, d := range other.DependsOn {
				if d.Condition == types.ServiceConditionCompletedSuccessfully {
					b.oneShots[dep] = true
				}
			}
		}
	}
	return b.oneShots[name]
}

// image normalises the service's image reference. A tag given by a
// variable that is not set interpolates to nothing ("frappe/erpnext:"
// from frappe/erpnext:${ERPNEXT_VERSION}), which would read as no tag at
// all: the tag stays as written instead, as the Dockerfile adapter keeps
// a FROM tag chosen by a build argument, so DKR-I01 does not take a
// version chosen at deploy time for a moving one.
func (b *builder) image(layers []layer, ref string) any {
	img := inputs.ImageRef(ref)
	if img == nil || img["tag"] != nil || img["digest"] != nil || !strings.HasSuffix(ref, ":") {
		return img
	}
	_, k, v := findKey(layers, []string{"image"})
	if k == nil {
		return img
	}
	tag := writtenTag(scalarString(resolve(v)))
	if !strings.Contains(tag, "$") {
		return img
	}
	img["ref"], img["tag"] = ref+tag, tag
	return img
}

// writtenTag returns the tag part of an image reference as written, with
// variables: what follows the last ':' outside ${...} that comes after the
// last '/' outside ${...}; "" when there is none.
func writtenTag(written string) string {
	depth, colon := 0, -1
	for i := 0; i < len(written); i++ {
		switch c := written[i]; {
		case c == '$' && i+1 < len(written) && written[i+1] == '{':
			depth++
			i++
		case c == '}' && depth > 0:
			depth--
		case depth == 0 && c == '/':
			colon = -1
		case depth == 0 && c == ':':
			colon = i
		}
	}
	if colon < 0 {
		return ""
	}
	return written[colon+1:]
}

// recordKeys records the position of every field of keyPaths that some
// layer sets.
func (b *builder) recordKeys(base string, layers []layer) {
	for field, candidates := range keyPaths {
		for _, path := range candidates {
			if f, k, _ := findKey(layers, path); k != nil {
				b.prov[base+"."+field] = f.pos(k)
				break
			}
		}
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (b *builder) build(layers []layer, bc *types.BuildConfig) any {
	if bc == nil {
		return nil
	}
	ctx := bc.Context
	if strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") {
		// a remote context: keep it, minus any credentials in the URL
		ctx = inputs.RedactValue("context", ctx)
	} else {
		written := ""
		if f, k, v := findKey(layers, []string{"build"}); k != nil {
			if v = resolve(v); v != nil && v.Kind == yaml.MappingNode {
				_, v = mapGet(v, "context")
			}
			written = f.interpolate(scalarString(v))
		}
		ctx = b.writtenHostPath(ctx, written)
	}
	return map[string]any{"context": ctx, "dockerfile": inputs.StrOrNil(bc.Dockerfile)}
}

func (b *builder) caps(path, key string, layers []layer, caps []string) []any {
	pos := positions(listItemRefs(layers, []string{key}, func(f *sourceFile, _, v *yaml.Node) []string {
		return []string{inputs.NormCap(f.interpolate(scalarString(v)))}
	}))
	out := make([]any, 0, len(caps))
	for i, c := range caps {
		n := inputs.NormCap(c)
		out = append(out, n)
		p, ok := pos[n]
		if ok {
			b.prov[inputs.JoinPath(path, i)] = p
		}
		if !capName.MatchString(n) || strings.HasPrefix(n, "CAP_") {
			// the Engine rejects it too; an empty one is usually an unset variable
			if !ok {
				p = b.keyPos(layers, key)
			}
			b.failAt(p, "%s: invalid capability %q", key, c)
		}
	}
	return out
}

// capName is a capability as the document writes it.
var capName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

func (b *builder) securityItems(base string, layers []layer, opts []string) {
	// two entries may share a name (label=type:x, label=level:y): trace
	// each by its whole option first
	exact := positions(listItemRefs(layers, []string{"security_opt"}, func(f *sourceFile, _, v *yaml.Node) []string {
		name, value := inputs.SplitSecurityOpt(f.interpolate(scalarString(v)))
		return []string{name + "=" + value}
	}))
	pos := listItems(layers, []string{"security_opt"}, secOptItemKey)
	for i, o := range opts {
		name, value := inputs.SplitSecurityOpt(o)
		p, ok := exact[name+"="+value]
		if !ok {
			if p, ok = pos[name]; !ok {
				continue
			}
		}
		b.prov[inputs.JoinPath(base, "security", "options", i)] = p
		field := map[string]string{
			"seccomp": "seccomp", "apparmor": "apparmor", "label": "selinux",
			"no-new-privileges": "no_new_privileges", "systempaths": "systempaths",
		}[name]
		if field != "" {
			b.prov[inputs.JoinPath(base, "security", field)] = p
		}
	}
}

func (b *builder) namespaces(svc types.ServiceConfig) map[string]any {
	network := svc.NetworkMode
	if network == "" {
		network = svc.Net
	}
	return map[string]any{
		"pid":     namespaceMode(svc.Pid),
		"ipc":     namespaceMode(svc.Ipc),
		"uts":     inputs.StrOrNil(svc.Uts),
		"network": namespaceMode(network),
		"cgroup":  inputs.StrOrNil(svc.Cgroup),
		"userns":  inputs.StrOrNil(svc.UserNSMode),
	}
}

func (b *builder) serviceNetworks(svc types.ServiceConfig) []any {
	if svc.NetworkMode != "" || svc.Net != "" {
		return []any{}
	}
	if len(svc.Networks) == 0 {
		return []any{"default"}
	}
	return inputs.StringList(inputs.SortedKeys(svc.Networks))
}

func (b *builder) mounts(base string, layers []layer, svc types.ServiceConfig) []any {
	refs := listItemRefs(layers, []string{"volumes"}, func(f *sourceFile, _, v *yaml.Node) []string {
		if _, target := volumeSpec(v, f.interpolate); target != "" {
			return []string{path.Clean(target)} // as compose-go normalises it
		}
		return nil
	})
	out := make([]any, 0, len(svc.Volumes)+len(svc.Tmpfs)+1)
	for _, v := range svc.Volumes {
		m := map[string]any{
			"type":          v.Type,
			"source":        nil,
			"target":        v.Target,
			"read_only":     v.ReadOnly,
			"propagation":   nil,
			"volume_driver": nil,
			"driver_device": nil,
		}
		switch v.Type {
		case types.VolumeTypeBind:
			written := ""
			if r, ok := refs[v.Target]; ok {
				written, _ = volumeSpec(r.node, r.file.interpolate)
			}
			m["source"] = b.writtenHostPath(v.Source, written)
			if v.Bind != nil {
				m["propagation"] = inputs.StrOrNil(v.Bind.Propagation)
			}
		case types.VolumeTypeVolume:
			m["source"] = inputs.StrOrNil(v.Source)
			if vol, ok := b.project.Volumes[v.Source]; ok && v.Source != "" {
				driver := vol.Driver
				if driver == "" {
					driver = "local"
				}
				m["volume_driver"] = driver
				m["driver_device"] = inputs.StrOrNil(b.bindDevice(v.Source, vol))
			} else if svc.VolumeDriver != "" {
				m["volume_driver"] = svc.VolumeDriver
			}
		default:
			m["source"] = inputs.StrOrNil(v.Source)
		}
		idx := len(out)
		out = append(out, m)
		if r, ok := refs[v.Target]; ok {
			b.prov[inputs.JoinPath(base, "mounts", idx)] = r.pos()
		}
	}
	tmpfsPos := positions(listItemRefs(layers, []string{"tmpfs"}, func(f *sourceFile, _, v *yaml.Node) []string {
		target, _, _ := strings.Cut(f.interpolate(scalarString(v)), ":")
		return []string{target}
	}))
	for _, t := range svc.Tmpfs {
		target, _, _ := strings.Cut(t, ":")
		out = append(out, map[string]any{
			"type": "tmpfs", "source": nil, "target": target, "read_only": false,
			"propagation": nil, "volume_driver": nil, "driver_device": nil,
		})
		if p, ok := tmpfsPos[target]; ok {
			b.prov[inputs.JoinPath(base, "mounts", len(out)-1)] = p
		} else if _, k, _ := findKey(layers, []string{"tmpfs"}); k != nil {
			b.prov[inputs.JoinPath(base, "mounts", len(out)-1)] = b.keyPos(layers, "tmpfs")
		}
	}
	if svc.UseAPISocket {
		// docker compose binds the engine socket and injects the caller's
		// registry credentials (pkg/compose/apiSocket.go).
		out = append(out, map[string]any{
			"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock",
			"read_only": false, "propagation": nil, "volume_driver": nil, "driver_device": nil,
		})
		b.prov[inputs.JoinPath(base, "mounts", len(out)-1)] = b.keyPos(layers, "use_api_socket")
	}
	return out
}

func (b *builder) keyPos(layers []layer, key string) inputs.Position {
	if f, k, _ := findKey(layers, []string{key}); k != nil {
		return f.pos(k)
	}
	return inputs.Position{}
}

func (b *builder) ports(base string, layers []layer, svc types.ServiceConfig) []any {
	// Several items may publish the same container port (8080:80 and
	// 127.0.0.1:8081:80): trace each port by its whole identity first,
	// then by container port alone.
	exact := listItemKeys(layers, []string{"ports"}, func(f *sourceFile, _, v *yaml.Node) []string { return portKeys(v, f.interpolate) })
	pos := listItems(layers, []string{"ports"}, portItemKey)
	out := make([]any, 0, len(svc.Ports))
	for _, p := range svc.Ports {
		proto := strings.ToLower(p.Protocol)
		if proto == "" {
			proto = "tcp"
		}
		out = append(out, map[string]any{
			"host_ip":        inputs.StrOrNil(p.HostIP),
			"host_port":      inputs.StrOrNil(p.Published),
			"container_port": int(p.Target),
			"protocol":       proto,
		})
		path := inputs.JoinPath(base, "ports", len(out)-1)
		key := strconv.Itoa(int(p.Target)) + "/" + proto
		if ps, ok := exact[portKey(p.HostIP, p.Published, strconv.Itoa(int(p.Target)), proto)]; ok {
			b.prov[path] = ps
		} else if ps, ok := pos[key]; ok {
			b.prov[path] = ps
		} else if ps, ok := b.portRangePos(pos, int(p.Target), proto); ok {
			b.prov[path] = ps
		}
		// what the Engine would reject
		switch {
		case proto != "tcp" && proto != "udp" && proto != "sctp":
			b.failAt(b.posOr(path, layers, "ports"), "ports: invalid protocol %q (want tcp, udp or sctp)", p.Protocol)
		case p.Target > 65535:
			b.failAt(b.posOr(path, layers, "ports"), "ports: invalid container port %d", p.Target)
		case !validHostPort(p.Published):
			// compose-go keeps any string the long syntax gives, and docker
			// compose sends it as the HostPort, which the Engine refuses
			// ("invalid port specification"); an address belongs in host_ip.
			b.failAt(b.posOr(path, layers, "ports"), "ports: invalid published port %q (a port or a range such as 8000-8010; an address goes in host_ip)", p.Published)
		}
	}
	return out
}

// validHostPort reports whether the Engine accepts p as a HostPort: empty
// (an ephemeral port), a port or a range of ports (go-connections
// nat.ParsePortRangeToInt).
func validHostPort(p string) bool {
	if p == "" {
		return true
	}
	lo, hi, isRange := strings.Cut(p, "-")
	l, err := strconv.ParseUint(lo, 10, 16)
	if err != nil {
		return false
	}
	if !isRange {
		return true
	}
	h, err := strconv.ParseUint(hi, 10, 16)
	return err == nil && h >= l
}

// posOr returns the position recorded for path, else that of key.
func (b *builder) posOr(path string, layers []layer, key string) inputs.Position {
	if p, ok := b.prov[path]; ok {
		return p
	}
	return b.keyPos(layers, key)
}

// portRangePos finds the item of a port range ("8000-8010") holding port.
func (b *builder) portRangePos(pos map[string]inputs.Position, port int, proto string) (inputs.Position, bool) {
	for k, p := range pos {
		rng, pr, _ := strings.Cut(k, "/")
		if pr != proto {
			continue
		}
		lo, hi, ok := strings.Cut(rng, "-")
		if !ok {
			continue
		}
		l, e1 := strconv.Atoi(lo)
		h, e2 := strconv.Atoi(hi)
		if e1 == nil && e2 == nil && port >= l && port <= h {
			return p, true
		}
	}
	return inputs.Position{}, false
}

func exposed(ports types.StringOrNumberList) []any {
	out := make([]any, 0, len(ports))
	for _, p := range ports {
		if !strings.Contains(p, "/") {
			p += "/tcp"
		}
		out = append(out, p)
	}
	return out
}

func (b *builder) devices(svc types.ServiceConfig) []any {
	out := make([]any, 0, len(svc.Devices))
	for _, d := range svc.Devices {
		perm := d.Permissions
		if perm == "" {
			perm = "rwm"
		}
		target := d.Target
		if target == "" {
			target = d.Source
		}
		out = append(out, map[string]any{"host_path": d.Source, "container_path": target, "permissions": perm})
	}
	return out
}

func (b *builder) resources(svc types.ServiceConfig, set func(string) bool) map[string]any {
	r := map[string]any{
		"memory": nil, "memory_swap": nil, "memory_reservation": nil, "cpus": nil,
		"cpu_shares": nil, "cpu_quota": nil, "pids_limit": nil, "oom_kill_disable": nil,
	}
	if svc.MemLimit != 0 {
		r["memory"] = int64(svc.MemLimit)
	}
	if svc.MemSwapLimit != 0 {
		r["memory_swap"] = int64(svc.MemSwapLimit)
	}
	if svc.MemReservation != 0 {
		r["memory_reservation"] = int64(svc.MemReservation)
	}
	if svc.CPUS != 0 {
		r["cpus"] = roundCPUs(float64(svc.CPUS))
	}
	if svc.CPUShares != 0 {
		r["cpu_shares"] = svc.CPUShares
	}
	if svc.CPUQuota != 0 {
		r["cpu_quota"] = svc.CPUQuota
	}
	if svc.PidsLimit != 0 {
		r["pids_limit"] = svc.PidsLimit
	}
	if svc.OomKillDisable || set("oom_kill_disable") {
		r["oom_kill_disable"] = svc.OomKillDisable
	}
	// docker compose applies deploy.resources to plain containers too, and
	// they win over the service-level keys (pkg/compose/create.go setLimits).
	if svc.Deploy != nil && svc.Deploy.Resources.Limits != nil {
		l := svc.Deploy.Resources.Limits
		if l.MemoryBytes != 0 {
			r["memory"] = int64(l.MemoryBytes)
		}
		if l.NanoCPUs != 0 {
			r["cpus"] = roundCPUs(float64(l.NanoCPUs.Value()))
		}
		if l.Pids != 0 {
			r["pids_limit"] = l.Pids
		}
	}
	if svc.Deploy != nil && svc.Deploy.Resources.Reservations != nil && svc.Deploy.Resources.Reservations.MemoryBytes != 0 {
		r["memory_reservation"] = int64(svc.Deploy.Resources.Reservations.MemoryBytes)
	}
	return r
}

// roundCPUs drops float32 noise (0.5 stays 0.5, not 0.5000000001).
func roundCPUs(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64)
	return v
}

func ulimits(u map[string]*types.UlimitsConfig) map[string]any {
	out := make(map[string]any, len(u))
	for name, l := range u {
		if l == nil {
			continue
		}
		soft, hard := l.Soft, l.Hard
		if l.Single != 0 {
			soft, hard = l.Single, l.Single
		}
		out[name] = map[string]any{"soft": soft, "hard": hard}
	}
	return out
}

// fileRefs lists secret or config grants; a target equal to the default
// compose fills in (defaultTarget + source) is reported as null: unset,
// the default applies.
func fileRefs(refs []types.ServiceSecretConfig, defaultTarget string) []any {
	out := make([]any, 0, len(refs))
	for _, r := range refs {
		target := r.Target
		if defaultTarget != "" && target == defaultTarget+r.Source {
			target = ""
		}
		out = append(out, map[string]any{"source": r.Source, "target": inputs.StrOrNil(target)})
	}
	return out
}

func configRefs(refs []types.ServiceConfigObjConfig) []types.ServiceSecretConfig {
	out := make([]types.ServiceSecretConfig, 0, len(refs))
	for _, r := range refs {
		out = append(out, types.ServiceSecretConfig(r))
	}
	return out
}

func healthcheck(h *types.HealthCheckConfig) any {
	if h == nil {
		return nil
	}
	disabled := h.Disable || (len(h.Test) > 0 && strings.EqualFold(h.Test[0], "NONE"))
	var test any
	if len(h.Test) > 0 {
		test = inputs.StringList(inputs.RedactArgs(h.Test))
	}
	return map[string]any{"test": test, "disabled": disabled}
}

func logging(svc types.ServiceConfig) any {
	driver, opts := svc.LogDriver, svc.LogOpt
	if svc.Logging != nil {
		if svc.Logging.Driver != "" {
			driver = svc.Logging.Driver
		}
		if svc.Logging.Options != nil {
			opts = svc.Logging.Options
		}
	}
	if driver == "" && len(opts) == 0 {
		return nil
	}
	return map[string]any{"driver": inputs.StrOrNil(driver), "options": inputs.RedactedMap(opts)}
}

// restartPolicies are the policies the Engine accepts.
var restartPolicies = map[string]bool{"no": true, "always": true, "unless-stopped": true, "on-failure": true}

// restart normalises restart (or deploy.restart_policy, which wins, as
// docker compose applies it). A policy the Engine would reject fails the
// load at its key.
func (b *builder) restart(layers []layer, svc types.ServiceConfig) any {
	policy, retries := svc.Restart, any(nil)
	key := []string{"restart"}
	if svc.Deploy != nil && svc.Deploy.RestartPolicy != nil {
		rp := svc.Deploy.RestartPolicy
		key = []string{"deploy", "restart_policy", "condition"}
		switch rp.Condition {
		case "none":
			policy = "no"
		case "any", "":
			policy = "always"
		default:
			policy = rp.Condition
		}
		if rp.MaxAttempts != nil {
			if *rp.MaxAttempts > math.MaxInt32 {
				b.fail(layers, []string{"deploy", "restart_policy", "max_attempts"}, "invalid restart max_attempts %d", *rp.MaxAttempts)
				return nil
			}
			retries = int64(*rp.MaxAttempts)
		}
	}
	if policy == "" {
		return nil
	}
	if name, n, ok := strings.Cut(policy, ":"); ok {
		v, err := strconv.ParseInt(n, 10, 32)
		if name != "on-failure" || err != nil || v < 0 {
			b.fail(layers, key, "invalid restart policy %q", policy)
			return nil
		}
		policy, retries = name, v
	}
	if !restartPolicies[policy] {
		b.fail(layers, key, "invalid restart policy %q (want no, always, unless-stopped or on-failure[:N])", policy)
		return nil
	}
	return map[string]any{"policy": policy, "max_retries": retries}
}

// failAt records the first error met while building the document.
func (b *builder) failAt(pos inputs.Position, format string, args ...any) {
	if b.err == nil {
		b.err = &inputs.SourceError{Pos: pos, Err: fmt.Errorf(format, args...)}
	}
}

// fail records the first error met while building the document, at the
// key of the service that caused it.
func (b *builder) fail(layers []layer, key []string, format string, args ...any) {
	if b.err != nil {
		return
	}
	pos := inputs.Position{}
	for i := len(key); i > 0 && pos.File == ""; i-- {
		if f, k, _ := findKey(layers, key[:i]); k != nil {
			pos = f.pos(k)
		}
	}
	if pos.File == "" && len(layers) > 0 {
		pos = layers[len(layers)-1].file.pos(layers[len(layers)-1].node)
	}
	b.err = &inputs.SourceError{Pos: pos, Err: fmt.Errorf(format, args...)}
}

// environment lists the service's variables with how each was given;
// values only for variables that are not secret-like.
func (b *builder) environment(base string, layers []layer, svc types.ServiceConfig) []any {
	pos := listItems(layers, []string{"environment"}, envItemKey)
	raw := b.rawEnvironment(layers)
	names := make([]string, 0, len(svc.Environment))
	for n := range svc.Environment {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]any, 0, len(names))
	for _, name := range names {
		val := svc.Environment[name]
		value := ""
		if val != nil {
			value = *val
		}
		kind := b.valueKind(name, value, val != nil, raw)
		secret := inputs.SecretLike(name, value) && kind != "file_ref" || inputs.SecretValue(value) || b.fromSecret(raw[name])
		e := map[string]any{"name": name, "value_kind": kind, "secret_like": secret}
		if !secret && val != nil {
			e["value"] = value
		}
		idx := len(out)
		out = append(out, e)
		if p, ok := pos[name]; ok {
			b.prov[inputs.JoinPath(base, "environment", idx)] = p
		} else if f, k, _ := findKey(layers, []string{"env_file"}); k != nil {
			b.prov[inputs.JoinPath(base, "environment", idx)] = f.pos(k)
		}
	}
	return out
}

// fromSecret reports whether an environment entry as written takes a
// secret-like variable's value (SESSION: ${SESSION_SECRET}): its own name
// and the value's shape do not betray it.
func (b *builder) fromSecret(r rawEnv) bool {
	env := r.env
	if env == nil {
		env = b.env
	}
	for _, ref := range references(r.text) {
		if v, ok := env.lookup(ref.name); ok && v != "" && inputs.SecretLike(ref.name, v) {
			return true
		}
	}
	return false
}

// rawEnv is a variable as written in the winning compose layer.
type rawEnv struct {
	text     string
	hasValue bool
	env      *environment // the environment the layer's file is interpolated with
}

// rawEnvironment returns the environment entries as written, before
// interpolation, from the layers (later layers win).
func (b *builder) rawEnvironment(layers []layer) map[string]rawEnv {
	out := map[string]rawEnv{}
	for _, l := range layers {
		_, v, found, cut := lookupPath(l.node, []string{"environment"})
		v = resolve(v)
		if cut {
			clear(out)
			continue
		}
		if !found || v == nil {
			continue
		}
		if v.Tag == tagOverride {
			clear(out)
		}
		switch v.Kind {
		case yaml.MappingNode:
			mapKeys(v, func(k, val *yaml.Node) {
				val = resolve(val)
				isNull := val == nil || (val.Tag == "!!null")
				out[k.Value] = rawEnv{text: scalarString(val), hasValue: !isNull, env: l.file.env}
			})
		case yaml.SequenceNode:
			for _, item := range v.Content {
				s := scalarString(item)
				name, value, ok := strings.Cut(s, "=")
				out[strings.TrimSpace(name)] = rawEnv{text: value, hasValue: ok, env: l.file.env}
			}
		}
	}
	return out
}

// valueKind classifies how a variable got its value.
func (b *builder) valueKind(name, value string, hasValue bool, raw map[string]rawEnv) string {
	r, written := raw[name]
	switch {
	case !written:
		if hasValue && value == "" {
			return "empty"
		}
		return "env_file"
	case !r.hasValue:
		// "- NAME": the value comes from the environment compose runs in.
		if !hasValue {
			return "passthrough"
		}
		if value == "" {
			// NAME= in .env (or --env NAME=): set, and empty
			return "empty"
		}
		if b.env.origin[name] == fromDotEnv {
			return "literal"
		}
		return "interpolated"
	}
	if value == "" {
		return "empty"
	}
	if strings.HasSuffix(strings.ToUpper(name), "_FILE") && strings.HasPrefix(value, "/") {
		return "file_ref"
	}
	env := r.env
	if env == nil {
		env = b.env
	}
	for _, ref := range references(r.text) {
		if env.origin[ref.name] == fromProcess {
			return "interpolated"
		}
	}
	return "literal"
}

// waivers reads the inline waivers of a service: x-dockpol.ignore
// ([{rule, reason}]) and the dockpol.ignore label. A waiver without a
// reason fails the load: accepting a risk has to say why.
func (b *builder) waivers(layers []layer, svc types.ServiceConfig) []any {
	out := []any{}
	if ext, ok := svc.Extensions["x-dockpol"].(map[string]any); ok {
		list, _ := ext["ignore"].([]any)
		if _, has := ext["ignore"]; has && list == nil {
			b.fail(layers, []string{"x-dockpol", "ignore"}, "x-dockpol.ignore must be a list of {rule, reason}")
		}
		for _, item := range list {
			m, _ := item.(map[string]any)
			rule, _ := m["rule"].(string)
			reason, _ := m["reason"].(string)
			rule, reason = strings.TrimSpace(rule), strings.TrimSpace(reason)
			if rule == "" || reason == "" {
				b.fail(layers, []string{"x-dockpol", "ignore"}, "inline waiver %q needs a rule id and a reason", strings.TrimSpace(rule+" "+reason))
				continue
			}
			out = append(out, map[string]any{"rule": rule, "reason": reason})
		}
	}
	if v, ok := svc.Labels[inputs.WaiverLabel]; ok {
		ws, err := inputs.LabelWaivers(v)
		if err != nil {
			b.fail(layers, []string{"labels"}, "%s", err)
		}
		out = append(out, ws...)
	}
	return out
}
