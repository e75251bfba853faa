package authz

// Compatibility with opa-docker-authz
// (github.com/open-policy-agent/opa-docker-authz): its input document and
// its decision, data.docker.authz.allow, so teams migrating keep their
// policies unchanged. Its input is kept member for member (makeInput in
// its main.go), with three deliberate differences, each closing a way
// around its policies:
//
//   - Body is read as dockerd reads it: decoded into moby's API types (keys
//     match case-insensitively, the last duplicate wins) and re-encoded
//     with the canonical member names, so {"hostconfig":{"privileged":true}}
//     reaches the policy as Body.HostConfig.Privileged == true. Members the
//     client did not send stay absent, as in opa-docker-authz, unless
//     dockerd would act on a value for them.
//   - A request whose body dockerd needs but that reached the plugin
//     without one (engines drop bodies of 1 MiB or more and still run the
//     request) is denied before the policy runs; so is a form-encoded body.
//   - Credential headers (Authorization, X-Registry-Auth, ...) reach the
//     policy as "<redacted>": present, never their value.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/volume"

	"github.com/dockpol/dockpol/inputs/request"
)

// InputCompatOPADockerAuthz names opa-docker-authz's input shape
// (--input-compat opa-docker-authz).
const InputCompatOPADockerAuthz = "opa-docker-authz"

// CompatDecision is the decision opa-docker-authz queries by default
// (its -allowPath): the request is allowed only when it is true.
const CompatDecision = "data.docker.authz.allow"

// compatDenied is opa-docker-authz's message for a denial.
const compatDenied = "request rejected by administrative policy"

// maxBindMounts bounds the bind sources resolved for one request: each
// costs file system calls, and no real container has this many.
const maxBindMounts = 256

// BindMount is one host path a container create (or a service's
// container spec) mounts, as opa-docker-authz lists it.
type BindMount struct {
	Source   string
	ReadOnly bool
	// Resolved is Source with every symbolic link resolved on this host
	// (filepath.EvalSymlinks), "" when it cannot be resolved: a policy
	// checking Resolved sees through `ln -s / /home/u/root`.
	Resolved string
}

// CompatInput builds opa-docker-authz's input document for a request.
// An error is a request the plugin must refuse: an unreadable URI, a
// body that does not decode, or no body where dockerd reads one. Error
// messages never quote the body.
func CompatInput(ctx context.Context, req request.Request) (map[string]any, error) {
	u, err := url.Parse(req.RequestURI)
	if err != nil || req.RequestURI == "" {
		return nil, errors.New("request URI is not readable")
	}
	method := strings.ToUpper(req.RequestMethod)
	ep := request.Endpoint{Name: request.EndpointUnknown}
	if p, err := request.ParsePath(req.RequestURI); err == nil {
		ep = request.Classify(method, p.Path)
	}
	if ep.Name == request.EndpointContainerStart && len(bytes.TrimSpace(req.RequestBody)) > 2 {
		// API < 1.24 applies a HostConfig sent with a start.
		ep.Body = request.BodyStartConfig
	}
	if ct := headerValue(req.RequestHeaders, "Content-Type"); request.Mutating(method) && isForm(ct) {
		return nil, fmt.Errorf("a form-encoded body (%s) overrides query parameters the plugin cannot see", ct)
	}
	raw := bytes.TrimSpace(req.RequestBody)
	if ep.Body != "" && len(raw) == 0 {
		return nil, fmt.Errorf("%s needs a body and none reached the plugin (not JSON, too large for the engine to forward, or none sent)", ep.Name)
	}
	var body any
	var binds []BindMount
	if len(raw) > 0 {
		if body, binds, err = compatBody(raw, ep.Body); err != nil {
			return nil, err
		}
	}
	bindDocs := make([]any, 0, len(binds))
	if len(binds) > maxBindMounts {
		return nil, fmt.Errorf("the request mounts %d host paths; at most %d are resolved", len(binds), maxBindMounts)
	}
	for _, b := range binds {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("resolve bind mounts: %w", err)
		}
		if r, err := filepath.EvalSymlinks(b.Source); err == nil {
			b.Resolved = r
		}
		bindDocs = append(bindDocs, map[string]any{"Source": b.Source, "ReadOnly": b.ReadOnly, "Resolved": b.Resolved})
	}
	pathArr := []any{}
	for _, s := range strings.Split(u.Path, "/") {
		pathArr = append(pathArr, s)
	}
	query := map[string]any{}
	for k, vs := range u.Query() {
		list := make([]any, 0, len(vs))
		for _, v := range vs {
			list = append(list, v)
		}
		query[k] = list
	}
	return map[string]any{
		"Method":     req.RequestMethod,
		"Path":       req.RequestURI,
		"PathPlain":  u.Path,
		"PathArr":    pathArr,
		"Query":      query,
		"Headers":    request.RedactedHeaders(req.RequestHeaders),
		"Body":       body,
		"User":       req.User,
		"AuthMethod": req.UserAuthNMethod,
		"BindMounts": bindDocs,
	}, nil
}

// compatBody decodes a body: endpoints dockerd reads into an API type get
// it canonically, the others a plain JSON decode. It also returns the bind
// mounts the body asks for.
func compatBody(raw []byte, kind string) (any, []BindMount, error) {
	var generic any
	if err := decodeOne(raw, &generic); err != nil {
		return nil, nil, err
	}
	var typed any
	var binds []BindMount
	switch kind {
	case request.BodyCreate:
		var cr container.CreateRequest
		if err := decodeOne(raw, &cr); err != nil {
			return nil, nil, err
		}
		if cr.HostConfig != nil {
			binds = hostBinds(cr.HostConfig.Binds, cr.HostConfig.Mounts)
		}
		typed = cr
	case request.BodyStartConfig:
		var hc container.HostConfig
		if err := decodeOne(raw, &hc); err != nil {
			return nil, nil, err
		}
		binds = hostBinds(hc.Binds, hc.Mounts)
		typed = hc
	case request.BodyExec:
		var e container.ExecCreateRequest
		if err := decodeOne(raw, &e); err != nil {
			return nil, nil, err
		}
		typed = e
	case request.BodyUpdate:
		var u container.UpdateConfig
		if err := decodeOne(raw, &u); err != nil {
			return nil, nil, err
		}
		typed = u
	case request.BodyVolume:
		var v volume.CreateRequest
		if err := decodeOne(raw, &v); err != nil {
			return nil, nil, err
		}
		typed = v
	case request.BodyService:
		var s swarm.ServiceSpec
		if err := decodeOne(raw, &s); err != nil {
			return nil, nil, err
		}
		if cs := s.TaskTemplate.ContainerSpec; cs != nil {
			binds = hostBinds(nil, cs.Mounts)
		}
		typed = s
	default:
		return generic, nil, nil
	}
	enc, err := json.Marshal(typed)
	if err != nil {
		return nil, nil, fmt.Errorf("re-encode body: %w", err)
	}
	var canonical any
	if err := decodeOne(enc, &canonical); err != nil {
		return nil, nil, fmt.Errorf("re-encode body: %w", err)
	}
	body, _ := sent(canonical, []any{generic})
	return body, binds, nil
}

// decodeOne decodes one JSON value as dockerd does (trailing content is
// an error), numbers kept exact. Errors name the position, never a value.
func decodeOne(raw []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return fmt.Errorf("body is not valid JSON: syntax error at byte %d", syn.Offset)
		case errors.As(err, &typ):
			return fmt.Errorf("body does not decode: a JSON %s cannot be read as %s at %s", typ.Value, typ.Type, typ.Field)
		}
		return errors.New("body is not valid JSON")
	}
	if dec.More() {
		return errors.New("body is not valid JSON: unexpected content after JSON")
	}
	if v, ok := out.(*any); ok {
		return finiteNumbers(*v)
	}
	return nil
}

// finiteNumbers refuses a number no float64 holds (1e100000): OPA cannot
// take it as input, so a body carrying one cannot be judged.
func finiteNumbers(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if err := finiteNumbers(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := finiteNumbers(e); err != nil {
				return err
			}
		}
	case json.Number:
		if _, err := x.Float64(); err != nil {
			return errors.New("body holds a number out of range")
		}
	}
	return nil
}

// sent keeps, of the canonical re-encoding c, the members the client
// sent (raws are the client's values at the same place: several when
// keys differing only in case met one member) and every member carrying
// a value dockerd would act on: only zero values that the client never
// wrote are dropped, so absent stays absent as in opa-docker-authz, and
// nothing the engine would apply is ever hidden. keep reports a value
// worth keeping on its own.
func sent(c any, raws []any) (out any, keep bool) {
	switch v := c.(type) {
	case map[string]any:
		if len(v) == 0 {
			// An empty map or struct{} (ExposedPorts' values): data.
			return v, true
		}
		// The client's members, by the key encoding/json matches them
		// with.
		byFold := map[string][]any{}
		for _, r := range raws {
			if m, ok := r.(map[string]any); ok {
				for k, rv := range m {
					f := foldName(k)
					byFold[f] = append(byFold[f], rv)
				}
			}
		}
		res := make(map[string]any, len(v))
		for k, cv := range v {
			sub := byFold[foldName(k)]
			pv, keepChild := sent(cv, sub)
			if keepChild || len(sub) > 0 {
				res[k] = pv
			}
		}
		return res, len(res) > 0
	case []any:
		var arr []any
		for _, r := range raws {
			if a, ok := r.([]any); ok {
				arr = a
			}
		}
		res := make([]any, len(v))
		keepAny := len(v) == 0
		for i, cv := range v {
			var sub []any
			if i < len(arr) {
				sub = []any{arr[i]}
			}
			var k bool
			res[i], k = sent(cv, sub)
			keepAny = keepAny || k
		}
		// An array of zero values the client never wrote (a fixed-size
		// array such as ConsoleSize) goes; one it wrote stays (see the
		// caller).
		return res, keepAny
	case nil:
		return nil, false
	case bool:
		return v, v
	case string:
		return v, v != ""
	case json.Number:
		f, err := v.Float64()
		return v, err != nil || f != 0
	}
	return c, true
}

// foldName is encoding/json's key folding (appendFoldedName in
// encoding/json/fold.go): ASCII letters upper-cased, other runes mapped
// through ToUpper(ToLower(r)), so "ſ" (U+017F) matches "S" as dockerd's
// decoder matches it.
func foldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(unicode.ToUpper(unicode.ToLower(r)))
		i += n
	}
	return b.String()
}

// hostBinds lists the host paths of Binds ("src:dst[:opts]", src an
// absolute path; a name is a volume) and of bind Mounts, plus local
// volumes that bind a host device (type=none,o=bind,device=/): a host
// bind in disguise, which opa-docker-authz does not list.
func hostBinds(binds []string, mounts []mount.Mount) []BindMount {
	var out []BindMount
	for _, b := range binds {
		parts := strings.Split(b, ":")
		if len(parts) < 2 || !strings.HasPrefix(parts[0], "/") {
			continue
		}
		ro := false
		if len(parts) > 2 {
			for _, o := range strings.Split(parts[len(parts)-1], ",") {
				if o == "ro" {
					ro = true
				}
			}
		}
		out = append(out, BindMount{Source: parts[0], ReadOnly: ro})
	}
	for _, m := range mounts {
		switch {
		case m.Type == mount.TypeBind:
			out = append(out, BindMount{Source: m.Source, ReadOnly: m.ReadOnly})
		case m.Type == mount.TypeVolume && m.VolumeOptions != nil && m.VolumeOptions.DriverConfig != nil:
			d := m.VolumeOptions.DriverConfig
			opts := map[string]string{}
			for k, v := range d.Options {
				opts[strings.ToLower(k)] = v
			}
			if (d.Name == "" || d.Name == "local") && request.IsBindOpt(opts["o"]) && opts["device"] != "" {
				out = append(out, BindMount{Source: opts["device"], ReadOnly: m.ReadOnly})
			}
		}
	}
	return out
}

func headerValue(h map[string]string, name string) string {
	if v, ok := h[name]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func isForm(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(ct))
	}
	return mt == "application/x-www-form-urlencoded"
}

// skipPing mirrors opa-docker-authz's -skip-ping (on by default): the
// client's HEAD /_ping is allowed without evaluation, so a policy written
// for it does not lock every client out.
func skipPing(req request.Request) bool {
	return strings.EqualFold(req.RequestMethod, "HEAD") && req.RequestURI == "/_ping"
}

// decideCompat judges a request with an opa-docker-authz policy: allowed
// only when the decision is true; undefined, false, a non-boolean, an
// error or a timeout deny (audit mode allows and records the would-be
// denial).
func (d *Decider) decideCompat(ctx context.Context, req request.Request, p *Policy, rec Record) (Decision, Record) {
	rec.Revision = p.Revision
	if pp, err := request.ParsePath(req.RequestURI); err == nil {
		rec.Path, rec.APIVersion = pp.Path, pp.APIVersion
		rec.Endpoint = request.Classify(rec.Method, pp.Path).Name
	}
	if skipPing(req) {
		rec.Allow = true
		return Decision{Allow: true}, rec
	}
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	timedOut := func(err error) bool {
		return errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)
	}
	in, err := CompatInput(ctx, req)
	if err != nil {
		if timedOut(err) {
			return d.refuse(rec, fmt.Sprintf("reading the request exceeded the %s timeout", d.timeout))
		}
		return d.refuse(rec, err.Error())
	}
	allow, err := p.Compat.Allow(ctx, in)
	if err != nil {
		if timedOut(err) {
			return d.refuse(rec, fmt.Sprintf("policy evaluation exceeded the %s timeout", d.timeout))
		}
		return d.refuse(rec, "policy evaluation failed: "+err.Error())
	}
	if allow {
		rec.Allow = true
		return Decision{Allow: true}, rec
	}
	msg := compatDenied + " (" + p.Compat.Decision() + " is not true)"
	rec.Reason = msg
	if d.audit {
		rec.Allow, rec.WouldDeny = true, true
		return Decision{Allow: true}, rec
	}
	return Decision{Allow: false, Msg: msg}, rec
}
