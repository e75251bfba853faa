package compose

import (
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
		"image":               imageRef(svc.Image),
		"build":               b.build(svc.Build),
		"user":                strOrNil(svc.User),
		"privileged":          boolOrNil("privileged", svc.Privileged),
		"read_only_rootfs":    boolOrNil("read_only", svc.ReadOnly),
		"init":                nil,
		"runtime":             strOrNil(svc.Runtime),
		"cap_add":             b.caps(base+".cap_add", "cap_add", layers, svc.CapAdd),
		"cap_drop":            b.caps(base+".cap_drop", "cap_drop", layers, svc.CapDrop),
		"security":            securityFrom(svc.SecurityOpt),
		"namespaces":          b.namespaces(svc),
		"networks":            b.serviceNetworks(svc),
		"mounts":              b.mounts(base, layers, svc),
		"ports":               b.ports(base, layers, svc),
		"publish_all_ports":   nil,
		"exposed_ports":       exposed(svc.Expose),
		"devices":             b.devices(svc),
		"device_cgroup_rules": stringList(nonNil(svc.DeviceCgroupRules)),
		"resources":           b.resources(svc, set),
		"cgroup_parent":       strOrNil(svc.CgroupParent),
		"ulimits":             ulimits(svc.Ulimits),
		"sysctls":             stringMap(svc.Sysctls),
		"volumes_from":        stringList(nonNil(svc.VolumesFrom)),
		"environment":         b.environment(base, layers, svc),
		"secrets":             fileRefs(svc.Secrets),
		"configs":             fileRefs(configRefs(svc.Configs)),
		"command":             argList(svc.Command),
		"entrypoint":          argList(svc.Entrypoint),
		"healthcheck":         healthcheck(svc.HealthCheck),
		"logging":             logging(svc),
		"restart":             restart(svc),
		"pull_policy":         strOrNil(svc.PullPolicy),
		"labels":              redactedMap(svc.Labels),
	}
	if svc.Init != nil {
		c["init"] = *svc.Init
	}
	b.securityItems(base, layers, svc.SecurityOpt)
	return c
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

func (b *builder) build(bc *types.BuildConfig) any {
	if bc == nil {
		return nil
	}
	ctx := bc.Context
	if strings.Contains(ctx, "://") || strings.HasPrefix(ctx, "git@") {
		// a remote context: keep it, minus any credentials in the URL
		ctx = inputs.RedactValue("context", ctx)
	} else {
		ctx = b.hostPath(ctx)
	}
	return map[string]any{"context": ctx, "dockerfile": strOrNil(bc.Dockerfile)}
}

func (b *builder) caps(path, key string, layers []layer, caps []string) []any {
	pos := listItems(layers, []string{key}, capItemKey)
	out := make([]any, 0, len(caps))
	for i, c := range caps {
		n := normCap(c)
		out = append(out, n)
		if p, ok := pos[n]; ok {
			b.prov[inputs.JoinPath(path, i)] = p
		}
	}
	return out
}

func (b *builder) securityItems(base string, layers []layer, opts []string) {
	pos := listItems(layers, []string{"security_opt"}, secOptItemKey)
	for i, o := range opts {
		name, _ := splitSecOpt(o)
		p, ok := pos[name]
		if !ok {
			continue
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
		"uts":     strOrNil(svc.Uts),
		"network": namespaceMode(network),
		"cgroup":  strOrNil(svc.Cgroup),
		"userns":  strOrNil(svc.UserNSMode),
	}
}

func (b *builder) serviceNetworks(svc types.ServiceConfig) []any {
	if svc.NetworkMode != "" || svc.Net != "" {
		return []any{}
	}
	if len(svc.Networks) == 0 {
		return []any{"default"}
	}
	return stringList(sortedKeys(svc.Networks))
}

func (b *builder) mounts(base string, layers []layer, svc types.ServiceConfig) []any {
	pos := listItems(layers, []string{"volumes"}, volumeItemKey)
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
			m["source"] = b.hostPath(v.Source)
			if v.Bind != nil {
				m["propagation"] = strOrNil(v.Bind.Propagation)
			}
		case types.VolumeTypeVolume:
			m["source"] = strOrNil(v.Source)
			if vol, ok := b.project.Volumes[v.Source]; ok && v.Source != "" {
				driver := vol.Driver
				if driver == "" {
					driver = "local"
				}
				m["volume_driver"] = driver
				m["driver_device"] = strOrNil(b.bindDevice(vol))
			} else if svc.VolumeDriver != "" {
				m["volume_driver"] = svc.VolumeDriver
			}
		default:
			m["source"] = strOrNil(v.Source)
		}
		idx := len(out)
		out = append(out, m)
		if p, ok := pos[v.Target]; ok {
			b.prov[inputs.JoinPath(base, "mounts", idx)] = p
		}
	}
	for _, t := range svc.Tmpfs {
		target, _, _ := strings.Cut(t, ":")
		out = append(out, map[string]any{
			"type": "tmpfs", "source": nil, "target": target, "read_only": false,
			"propagation": nil, "volume_driver": nil, "driver_device": nil,
		})
		if _, k, _ := findKey(layers, []string{"tmpfs"}); k != nil {
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
	pos := listItems(layers, []string{"ports"}, portItemKey)
	out := make([]any, 0, len(svc.Ports))
	for _, p := range svc.Ports {
		proto := p.Protocol
		if proto == "" {
			proto = "tcp"
		}
		out = append(out, map[string]any{
			"host_ip":        strOrNil(p.HostIP),
			"host_port":      strOrNil(p.Published),
			"container_port": int(p.Target),
			"protocol":       proto,
		})
		key := strconv.Itoa(int(p.Target)) + "/" + proto
		if ps, ok := pos[key]; ok {
			b.prov[inputs.JoinPath(base, "ports", len(out)-1)] = ps
		} else if ps, ok := b.portRangePos(pos, int(p.Target), proto); ok {
			b.prov[inputs.JoinPath(base, "ports", len(out)-1)] = ps
		}
	}
	return out
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

func fileRefs(refs []types.ServiceSecretConfig) []any {
	out := make([]any, 0, len(refs))
	for _, r := range refs {
		out = append(out, map[string]any{"source": r.Source, "target": strOrNil(r.Target)})
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
		test = stringList(inputs.RedactArgs(h.Test))
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
	return map[string]any{"driver": strOrNil(driver), "options": redactedMap(opts)}
}

func restart(svc types.ServiceConfig) any {
	policy, retries := svc.Restart, any(nil)
	if svc.Deploy != nil && svc.Deploy.RestartPolicy != nil {
		rp := svc.Deploy.RestartPolicy
		switch rp.Condition {
		case "none":
			policy = "no"
		case "on-failure":
			policy = "on-failure"
		case "any", "":
			policy = "always"
		default:
			policy = rp.Condition
		}
		if rp.MaxAttempts != nil {
			retries = int64(*rp.MaxAttempts)
		}
	}
	if policy == "" {
		return nil
	}
	if name, n, ok := strings.Cut(policy, ":"); ok {
		policy = name
		if v, err := strconv.ParseInt(n, 10, 64); err == nil {
			retries = v
		}
	}
	return map[string]any{"policy": policy, "max_retries": retries}
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
		secret := inputs.SecretLike(name, value) && kind != "file_ref" || inputs.SecretValue(value)
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

// rawEnv is a variable as written in the winning compose layer.
type rawEnv struct {
	text     string
	hasValue bool
}

// rawEnvironment returns the environment entries as written, before
// interpolation, from the layers (later layers win).
func (b *builder) rawEnvironment(layers []layer) map[string]rawEnv {
	out := map[string]rawEnv{}
	for _, l := range layers {
		_, v := getPath(l.node, []string{"environment"})
		v = resolve(v)
		if v == nil {
			continue
		}
		if v.Tag == tagReset || v.Tag == tagOverride {
			clear(out)
		}
		switch v.Kind {
		case yaml.MappingNode:
			mapKeys(v, func(k, val *yaml.Node) {
				val = resolve(val)
				isNull := val == nil || (val.Tag == "!!null")
				out[k.Value] = rawEnv{text: scalarString(val), hasValue: !isNull}
			})
		case yaml.SequenceNode:
			for _, item := range v.Content {
				s := scalarString(item)
				name, value, ok := strings.Cut(s, "=")
				out[strings.TrimSpace(name)] = rawEnv{text: value, hasValue: ok}
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
	for _, ref := range references(r.text) {
		if b.env.origin[ref.name] == fromProcess {
			return "interpolated"
		}
	}
	return "literal"
}
