// Package request turns a Docker authorization-plugin request (the JSON
// dockerd posts to /AuthZPlugin.AuthZReq) into a normalised document of
// kind "request": the method, the decoded path without its /vX.Y prefix,
// the API version, the query as dockerd reads it, the headers with
// credentials redacted, the TLS user, the endpoint it hits, and its body
// decoded with dockerd's own semantics: Go encoding/json into moby's API
// types (keys match case-insensitively, the last duplicate key wins,
// trailing data is rejected) plus dockerd's version-dependent defaults.
//
// A container create and a swarm service's container spec become the
// document's one Container (inputs/engineapi), so every container rule
// judges them; an exec, a container update and a volume create get shapes
// of their own under request.exec, request.update and request.volume.
package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"path"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/volume"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/engineapi"
)

// Adapter is the document's source.adapter.
const Adapter = "authz"

// Request is the body of /AuthZPlugin.AuthZReq and /AuthZPlugin.AuthZRes
// (moby pkg/authorization.Request), with the JSON names dockerd sends.
type Request struct {
	User            string `json:"User,omitempty"`
	UserAuthNMethod string `json:"UserAuthNMethod,omitempty"`
	RequestMethod   string `json:"RequestMethod,omitempty"`
	// RequestURI is raw: version prefix optional, query included, not
	// percent-decoded.
	RequestURI string `json:"RequestUri,omitempty"`
	// RequestBody is sent base64-encoded; dockerd sends it only for
	// Content-Type application/json and below its size limit.
	RequestBody    []byte            `json:"RequestBody,omitempty"`
	RequestHeaders map[string]string `json:"RequestHeaders,omitempty"`
	// RequestPeerCertificates are the TLS client's certificates (DER).
	RequestPeerCertificates []json.RawMessage `json:"RequestPeerCertificates,omitempty"`

	ResponseStatusCode int               `json:"ResponseStatusCode,omitempty"`
	ResponseBody       []byte            `json:"ResponseBody,omitempty"`
	ResponseHeaders    map[string]string `json:"ResponseHeaders,omitempty"`
}

// Options describe the engine the request is for.
type Options struct {
	// Cgroup2 says the host runs cgroup v2. dockerd gives API < 1.41
	// creates without CgroupnsMode "host" on cgroup v1 hosts only.
	Cgroup2 bool
}

// Body states.
const (
	BodyAbsent  = "absent"  // no body reached the plugin
	BodyDecoded = "decoded" // decoded into the endpoint's type
	BodyInvalid = "invalid" // present, but dockerd would not read it as we do
	BodyIgnored = "ignored" // the endpoint reads no typed body
)

// cutVersion splits dockerd's router prefix (/{version:v[0-9.]+}) off a
// path: it matches as `^/v([0-9.]+)(/.*)?$` does (request_test.go holds
// it to that regexp), without running one for every request. The rest
// must hold no newline, which `.` does not match.
func cutVersion(p string) (version, rest string, ok bool) {
	if !strings.HasPrefix(p, "/v") {
		return "", "", false
	}
	i := 2
	for i < len(p) && (p[i] >= '0' && p[i] <= '9' || p[i] == '.') {
		i++
	}
	if i == 2 {
		return "", "", false
	}
	rest = p[i:]
	if rest != "" && (rest[0] != '/' || strings.IndexByte(rest, '\n') >= 0) {
		return "", "", false
	}
	return p[2:i], rest, true
}

// Path is a request URI taken apart as dockerd's router sees it.
type Path struct {
	Path       string // percent-decoded, cleaned, without the version prefix
	APIVersion string // "1.41"; "" when the URI has no prefix
	Query      map[string]string
}

// ParsePath splits a raw request URI. The query keeps the first value of
// each key (dockerd's Form.Get).
func ParsePath(uri string) (Path, error) {
	if uri == "" {
		return Path{}, errors.New("empty request URI")
	}
	u, err := url.ParseRequestURI(uri)
	if err != nil {
		// *url.Error quotes the URI, whose query may hold a secret
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Path{}, fmt.Errorf("request URI cannot be read: %w", err)
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	out := Path{Query: map[string]string{}}
	if version, rest, ok := cutVersion(p); ok {
		out.APIVersion = version
		p = rest
		if p == "" {
			p = "/"
		}
	}
	// dockerd's router redirects unclean paths rather than serving them;
	// the cleaned path is what a client would reach.
	out.Path = path.Clean(p)
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		// Go's server drops malformed pairs and keeps the rest.
		q, _ = url.ParseQuery(sanitizeQuery(u.RawQuery))
	}
	for k, v := range q {
		if len(v) > 0 {
			out.Query[k] = v[0]
		}
	}
	return out, nil
}

func sanitizeQuery(raw string) string {
	var keep []string
	for _, kv := range strings.Split(raw, "&") {
		if _, err := url.ParseQuery(kv); err == nil {
			keep = append(keep, kv)
		}
	}
	return strings.Join(keep, "&")
}

// Document builds the request document. It never fails: what cannot be
// read is recorded (body.state "invalid" with the reason) for the request
// rules to deny.
func Document(req Request, opts Options) *inputs.Document {
	method := strings.ToUpper(req.RequestMethod)
	p, perr := ParsePath(req.RequestURI)
	ep := Endpoint{Name: EndpointUnknown}
	if perr == nil {
		ep = Classify(method, p.Path)
	}
	if ep.Name == EndpointImagePull && p.Query["fromSrc"] != "" {
		ep.Name = EndpointImageImport
	}
	if ep.Name == EndpointContainerStart && len(bytes.TrimSpace(req.RequestBody)) > 2 {
		// API < 1.24 applies a HostConfig sent with a start; newer
		// versions refuse a body. Judge it as a body to read.
		ep.Body = BodyStartConfig
	}

	r := map[string]any{
		"method":      method,
		"path":        p.Path,
		"api_version": inputs.StrOrNil(p.APIVersion),
		"query":       redactedQuery(p.Query),
		"headers":     RedactedHeaders(req.RequestHeaders),
		"user":        inputs.StrOrNil(req.User),
		"auth_method": inputs.StrOrNil(req.UserAuthNMethod),
		"endpoint":    ep.Name,
		"mutating":    Mutating(method),
		"target":      inputs.StrOrNil(ep.Target),
	}
	if perr != nil {
		r["path"] = nil
		r["error"] = perr.Error()
	}
	doc := map[string]any{
		"schema":  inputs.Schema,
		"kind":    inputs.KindRequest,
		"source":  map[string]any{"path": describe(method, p), "adapter": Adapter},
		"request": r,
	}
	body := map[string]any{
		"state":    BodyIgnored,
		"required": ep.Body != "",
		"size":     len(req.RequestBody),
		"error":    nil,
	}
	r["body"] = body
	if ct := req.RequestHeaders[canonicalHeader(req.RequestHeaders, "Content-Type")]; Mutating(method) && formContent(ct) {
		// dockerd's ParseForm reads a form-encoded body into the same
		// Form it takes query parameters from, and the plugin never sees
		// that body: the query it judges is not the one dockerd reads.
		body["state"] = BodyInvalid
		body["required"] = true
		body["error"] = "a form-encoded body (" + ct + ") overrides query parameters the plugin cannot see"
	} else if ep.Body != "" {
		decodeBody(doc, r, body, ep, p, req, opts)
	}
	switch ep.Name {
	case EndpointImagePull:
		ref := p.Query["fromImage"]
		if tag := p.Query["tag"]; ref != "" && tag != "" {
			if strings.HasPrefix(tag, "sha256:") {
				ref += "@" + tag
			} else {
				ref += ":" + tag
			}
		}
		r["image"] = inputs.ImageRef(ref)
	case EndpointImageImport:
		r["image"] = inputs.ImageRef(joinRepoTag(p.Query["repo"], p.Query["tag"]))
	case EndpointImageCommit:
		r["image"] = inputs.ImageRef(joinRepoTag(p.Query["repo"], p.Query["tag"]))
	case EndpointPluginPull, EndpointPluginCreate, EndpointPluginEnable, EndpointPluginDisable,
		EndpointPluginSet, EndpointPluginUpgrade, EndpointPluginPush, EndpointPluginRemove:
		r["plugin"] = map[string]any{"name": inputs.StrOrNil(pluginName(ep, p.Query)), "remote": inputs.StrOrNil(p.Query["remote"])}
	}
	return &inputs.Document{Path: describe(method, p), Value: doc, Provenance: inputs.Provenance{}}
}

// describe names a request in reports: "POST /containers/create".
func describe(method string, p Path) string {
	if p.Path == "" {
		return method + " (unreadable URI)"
	}
	return method + " " + p.Path
}

func joinRepoTag(repo, tag string) string {
	if repo == "" || tag == "" {
		return repo
	}
	return repo + ":" + tag
}

func formContent(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(ct))
	}
	return mt == "application/x-www-form-urlencoded"
}

func canonicalHeader(h map[string]string, name string) string {
	for k := range h {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return name
}

// sensitiveHeaders carry credentials whatever their value looks like.
var sensitiveHeaders = []string{
	"authorization", "proxy-authorization", "cookie",
	"x-registry-auth", "x-registry-config",
}

// sensitiveHeader reports whether a header name, in any case, is one of
// sensitiveHeaders (without lower-casing a copy of every name).
func sensitiveHeader(name string) bool {
	for _, s := range sensitiveHeaders {
		if len(name) == len(s) && strings.EqualFold(name, s) {
			return true
		}
	}
	return false
}

// RedactedHeaders returns request headers with credentials and
// secret-looking values replaced by inputs.Redacted.
func RedactedHeaders(h map[string]string) map[string]any {
	out := make(map[string]any, len(h))
	for k, v := range h {
		if sensitiveHeader(k) && v != "" {
			out[k] = inputs.Redacted
			continue
		}
		out[k] = inputs.RedactValue(k, v)
	}
	return out
}

func redactedQuery(q map[string]string) map[string]any {
	out := make(map[string]any, len(q))
	for k, v := range q {
		out[k] = inputs.RedactValue(k, v)
	}
	return out
}

// decodeBody reads the endpoint's typed body as dockerd would.
func decodeBody(doc, r, body map[string]any, ep Endpoint, p Path, req Request, opts Options) {
	raw := req.RequestBody
	if len(bytes.TrimSpace(raw)) == 0 {
		body["state"] = BodyAbsent
		body["error"] = "no body reached the plugin (not JSON, too large for the engine to forward, or none sent)"
		return
	}
	fail := func(err error) {
		body["state"] = BodyInvalid
		body["error"] = err.Error()
	}
	switch ep.Body {
	case BodyCreate:
		var cr container.CreateRequest
		if err := loadJSON(raw, &cr); err != nil {
			fail(err)
			return
		}
		if cr.Config == nil {
			cr.Config = &container.Config{}
		}
		host := cr.HostConfig
		if host != nil {
			applyVersionDefaults(host, p.APIVersion)
		}
		name := strings.TrimPrefix(p.Query["name"], "/")
		c := engineapi.Container(name, cr.Config, host, cr.NetworkingConfig, engineapi.Options{
			Origin:   engineapi.Origin{Kind: engineapi.OriginRequest},
			Defaults: defaults(opts),
		})
		doc["containers"] = []any{c}
	case BodyStartConfig:
		var host container.HostConfig
		if err := loadJSON(raw, &host); err != nil {
			fail(err)
			return
		}
		c := engineapi.Container(ep.Target, &container.Config{}, &host, nil, engineapi.Options{
			Origin: engineapi.Origin{Kind: engineapi.OriginRequest},
		})
		doc["containers"] = []any{c}
	case BodyExec:
		var e container.ExecCreateRequest
		if err := loadJSON(raw, &e); err != nil {
			fail(err)
			return
		}
		r["exec"] = map[string]any{
			"privileged":  e.Privileged,
			"user":        inputs.StrOrNil(e.User),
			"environment": engineapi.Environment(e.Env),
			"command":     engineapi.Args(e.Cmd),
			"working_dir": inputs.StrOrNil(e.WorkingDir),
			"tty":         e.Tty,
		}
	case BodyUpdate:
		var u container.UpdateConfig
		if err := loadJSON(raw, &u); err != nil {
			fail(err)
			return
		}
		r["update"] = updateShape(u)
	case BodyVolume:
		var v volume.CreateRequest
		if err := loadJSON(raw, &v); err != nil {
			fail(err)
			return
		}
		r["volume"] = volumeShape(v)
	case BodyService:
		var s swarm.ServiceSpec
		if err := loadJSON(raw, &s); err != nil {
			fail(err)
			return
		}
		cs := s.TaskTemplate.ContainerSpec
		if cs == nil {
			// a plugin or network-attachment task: no container to judge
			break
		}
		cfg, host := serviceContainer(s)
		c := engineapi.Container(s.Name, cfg, host, nil, engineapi.Options{
			Origin: engineapi.Origin{Kind: engineapi.OriginRequest},
		})
		doc["containers"] = []any{c}
	}
	if body["state"] == BodyIgnored {
		body["state"] = BodyDecoded
	}
}

// loadJSON decodes as dockerd's loadJSON / httputils.ReadJSON: one JSON
// value into the API type, "unexpected content after JSON" when more
// follows.
//
// A body that is one JSON value and nothing else (what every client
// sends) is read in place with json.Unmarshal: the Decoder would decode
// the same bytes into the same value, and find nothing more, but only
// after copying the body into a buffer it grows as it goes (a third of
// the bytes a create decision allocated). Any other body (trailing
// data, a syntax or type error) is read again from scratch by the
// Decoder, whose answer, and error, stand.
func loadJSON[T any](raw []byte, out *T) error {
	if json.Unmarshal(raw, out) == nil {
		return nil
	}
	var zero T
	*out = zero
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("invalid JSON: %s", JSONErrorReason(err))
	}
	if dec.More() {
		return errors.New("unexpected content after JSON")
	}
	return nil
}

// JSONErrorReason keeps an encoding/json error's reason but never the
// input: a syntax error gives the offset, a type error the field and the
// Go type, not the value.
func JSONErrorReason(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("cannot read a JSON %s as %s at %s", typ.Value, typ.Type, typ.Field)
	}
	msg := err.Error()
	if len(msg) > 120 || inputs.SecretValue(msg) {
		return "malformed value"
	}
	return msg
}

// applyVersionDefaults applies what dockerd sets for older API versions
// (moby api/server/router/container/container_routes.go).
func applyVersionDefaults(host *container.HostConfig, version string) {
	if version == "" {
		return
	}
	if versionLess(version, "1.40") && host.IpcMode == "" {
		host.IpcMode = container.IPCModeShareable
	}
	// API < 1.41 without CgroupnsMode gets "host" on cgroup v1 hosts:
	// the same namespace every create gets there by default, so it reads
	// as null ("not set"), as DKR-C07 wants for defaults; on cgroup v2
	// the daemon's private default applies whatever the version.
}

func defaults(opts Options) engineapi.Defaults {
	if opts.Cgroup2 {
		return engineapi.Defaults{CgroupnsMode: "private"}
	}
	return engineapi.Defaults{CgroupnsMode: "host"}
}

// versionLess compares dotted API versions numerically ("1.9" < "1.40").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func updateShape(u container.UpdateConfig) map[string]any {
	res := map[string]any{
		"memory":           nonZero(u.Memory),
		"memory_swap":      nonZero(u.MemorySwap),
		"cpus":             nil,
		"cpu_shares":       nonZero(u.CPUShares),
		"cpu_quota":        nonZero(u.CPUQuota),
		"pids_limit":       nil,
		"oom_kill_disable": nil,
	}
	if u.NanoCPUs != 0 {
		res["cpus"] = float64(u.NanoCPUs) / 1e9
	}
	if u.PidsLimit != nil {
		res["pids_limit"] = *u.PidsLimit
	}
	if u.OomKillDisable != nil {
		res["oom_kill_disable"] = *u.OomKillDisable
	}
	var restart any
	if rp := u.RestartPolicy; rp.Name != "" {
		var retries any
		if rp.MaximumRetryCount > 0 {
			retries = int64(rp.MaximumRetryCount)
		}
		restart = map[string]any{"policy": string(rp.Name), "max_retries": retries}
	}
	return map[string]any{"resources": res, "restart": restart}
}

func nonZero(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// volumeShape describes a volume create: the local driver with type none
// and o=bind is a bind of its device, a host path.
func volumeShape(v volume.CreateRequest) map[string]any {
	opts := map[string]string{}
	for k, val := range v.DriverOpts {
		opts[strings.ToLower(k)] = val
	}
	driver := v.Driver
	out := map[string]any{
		"name":        inputs.StrOrNil(v.Name),
		"driver":      inputs.StrOrNil(driver),
		"driver_opts": inputs.RedactedMap(v.DriverOpts),
		"bind_source": nil,
		"labels":      inputs.RedactedMap(v.Labels),
	}
	if (driver == "" || driver == "local") && IsBindOpt(opts["o"]) && opts["device"] != "" {
		out["bind_source"] = opts["device"]
	}
	return out
}

// IsBindOpt reports whether a local-driver "o" option list asks for a
// bind mount ("bind", "rbind", "ro,bind").
func IsBindOpt(o string) bool {
	for _, item := range strings.Split(o, ",") {
		switch strings.TrimSpace(item) {
		case "bind", "rbind":
			return true
		}
	}
	return false
}

// serviceContainer maps a swarm service's container spec onto the
// container create types, the way swarmkit's executor builds the
// container (daemon/cluster/executor/container/container.go).
func serviceContainer(s swarm.ServiceSpec) (*container.Config, *container.HostConfig) {
	cs := s.TaskTemplate.ContainerSpec
	cfg := &container.Config{
		Image:       cs.Image,
		User:        cs.User,
		Env:         cs.Env,
		Entrypoint:  cs.Command,
		Cmd:         cs.Args,
		Labels:      cs.Labels,
		WorkingDir:  cs.Dir,
		Healthcheck: cs.Healthcheck,
	}
	host := &container.HostConfig{
		Mounts:         cs.Mounts,
		CapAdd:         cs.CapabilityAdd,
		CapDrop:        cs.CapabilityDrop,
		ReadonlyRootfs: cs.ReadOnly,
		Init:           cs.Init,
		Sysctls:        cs.Sysctls,
	}
	host.Ulimits = cs.Ulimits
	if pr := cs.Privileges; pr != nil {
		if pr.NoNewPrivileges {
			host.SecurityOpt = append(host.SecurityOpt, "no-new-privileges=true")
		}
		if pr.Seccomp != nil && pr.Seccomp.Mode == swarm.SeccompModeUnconfined {
			host.SecurityOpt = append(host.SecurityOpt, "seccomp=unconfined")
		}
		if pr.AppArmor != nil && pr.AppArmor.Mode == swarm.AppArmorModeDisabled {
			host.SecurityOpt = append(host.SecurityOpt, "apparmor=unconfined")
		}
		if se := pr.SELinuxContext; se != nil && se.Disable {
			host.SecurityOpt = append(host.SecurityOpt, "label=disable")
		}
	}
	if res := s.TaskTemplate.Resources; res != nil && res.Limits != nil {
		host.Memory = res.Limits.MemoryBytes
		host.NanoCPUs = res.Limits.NanoCPUs
		if res.Limits.Pids != 0 {
			pids := res.Limits.Pids
			host.PidsLimit = &pids
		}
	}
	if rp := s.TaskTemplate.RestartPolicy; rp != nil && rp.Condition != "" {
		switch rp.Condition {
		case swarm.RestartPolicyConditionNone:
			host.RestartPolicy.Name = container.RestartPolicyDisabled
		case swarm.RestartPolicyConditionOnFailure:
			host.RestartPolicy.Name = container.RestartPolicyOnFailure
		default:
			host.RestartPolicy.Name = container.RestartPolicyAlways
		}
		if rp.MaxAttempts != nil {
			host.RestartPolicy.MaximumRetryCount = int(*rp.MaxAttempts)
		}
	}
	if ld := s.TaskTemplate.LogDriver; ld != nil {
		host.LogConfig = container.LogConfig{Type: ld.Name, Config: ld.Options}
	}
	for _, n := range s.TaskTemplate.Networks {
		if n.Target == "host" {
			host.NetworkMode = "host"
		}
	}
	if ep := s.EndpointSpec; ep != nil && len(ep.Ports) > 0 {
		// Published ports listen on every interface of the host (host
		// mode) or of every node (the ingress routing mesh).
		host.PortBindings = network.PortMap{}
		cfg.ExposedPorts = network.PortSet{}
		for _, pc := range ep.Ports {
			proto := string(pc.Protocol)
			if proto == "" {
				proto = "tcp"
			}
			port, err := network.ParsePort(fmt.Sprintf("%d/%s", pc.TargetPort, proto))
			if err != nil {
				continue
			}
			cfg.ExposedPorts[port] = struct{}{}
			if pc.PublishedPort != 0 {
				host.PortBindings[port] = append(host.PortBindings[port], network.PortBinding{HostPort: fmt.Sprint(pc.PublishedPort)})
			}
		}
	}
	return cfg, host
}
