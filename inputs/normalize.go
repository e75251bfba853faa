package inputs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/distribution/reference"
)

// The helpers below normalise values that several adapters read (a compose
// service, docker inspect, a create request body, a Dockerfile), so that
// one rule sees one spelling whatever the input; the equivalence test in
// inputs/engineapi holds the adapters to the same output.

// NormCap upper-cases a capability and drops an optional CAP_ prefix, as
// the Engine accepts both spellings.
func NormCap(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	return strings.TrimPrefix(c, "CAP_")
}

// SplitSecurityOpt splits a security option in either spelling Docker
// accepts ("seccomp=x", deprecated "seccomp:x"); "no-new-privileges" alone
// means true.
func SplitSecurityOpt(opt string) (name, value string) {
	opt = strings.TrimSpace(opt)
	i := strings.IndexAny(opt, "=:")
	if i < 0 {
		if opt == "no-new-privileges" {
			return opt, "true"
		}
		return opt, ""
	}
	return opt[:i], opt[i+1:]
}

// Security builds the container's security object from security options
// (compose security_opt, HostConfig.SecurityOpt).
func Security(opts []string) map[string]any {
	sec := map[string]any{
		"no_new_privileges": nil, "seccomp": nil, "apparmor": nil,
		"selinux": nil, "systempaths": nil, "options": nil,
	}
	if len(opts) == 0 {
		return sec
	}
	norm := make([]any, 0, len(opts))
	var selinux []any
	for _, o := range opts {
		name, value := SplitSecurityOpt(o)
		norm = append(norm, name+"="+value)
		switch name {
		case "no-new-privileges":
			b, err := strconv.ParseBool(value)
			sec["no_new_privileges"] = err == nil && b
		case "seccomp":
			if strings.HasPrefix(strings.TrimSpace(value), "{") {
				value = "inline"
			}
			sec["seccomp"] = value
		case "apparmor":
			sec["apparmor"] = value
		case "label":
			selinux = append(selinux, value)
		case "systempaths":
			sec["systempaths"] = value
		}
	}
	if selinux != nil {
		sec["selinux"] = selinux
	}
	sec["options"] = norm
	return sec
}

// ImageRef parses an image reference into {ref, registry, repository, tag,
// digest}; nil for an empty reference.
func ImageRef(ref string) map[string]any {
	if ref == "" {
		return nil
	}
	out := map[string]any{"ref": ref, "registry": nil, "repository": nil, "tag": nil, "digest": nil}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		// An invalid reference (often an interpolation of an unset
		// variable, or an image ID): still expose its parts the way the
		// Engine would split a valid one, so registry and repository stay
		// strings.
		name := ref
		if at := strings.Index(name, "@"); at >= 0 {
			out["digest"] = StrOrNil(name[at+1:])
			name = name[:at]
		}
		if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
			out["tag"] = StrOrNil(name[i+1:])
			name = name[:i]
		}
		registry, repo := "docker.io", name
		if i := strings.IndexByte(name, '/'); i > 0 && (strings.ContainsAny(name[:i], ".:") || name[:i] == "localhost") {
			registry, repo = name[:i], name[i+1:]
		} else if i < 0 {
			repo = "library/" + name
		}
		out["registry"], out["repository"] = registry, repo
		return out
	}
	out["registry"] = reference.Domain(named)
	out["repository"] = reference.Path(named)
	if t, ok := named.(reference.Tagged); ok {
		out["tag"] = t.Tag()
	}
	if d, ok := named.(reference.Digested); ok {
		out["digest"] = d.Digest().String()
	}
	return out
}

// WaiverLabel is the label that carries inline waivers:
// "DKR-C01: reason; DKR-C04: reason".
const WaiverLabel = "dockpol.ignore"

// LabelWaivers parses the value of the dockpol.ignore label into waivers
// ([{rule, reason}]). A waiver without a rule id or a reason is an error:
// accepting a risk has to say why.
func LabelWaivers(value string) ([]any, error) {
	out := []any{}
	for _, part := range strings.Split(value, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		rule, reason, _ := strings.Cut(part, ":")
		rule, reason = strings.TrimSpace(rule), strings.TrimSpace(reason)
		if rule == "" || reason == "" {
			return nil, fmt.Errorf("inline waiver %q needs a rule id and a reason", strings.TrimSpace(rule+" "+reason))
		}
		out = append(out, map[string]any{"rule": rule, "reason": reason})
	}
	return out, nil
}
