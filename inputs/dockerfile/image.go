package dockerfile

import (
	"strings"

	"github.com/distribution/reference"
)

// imageParts splits an image reference into the normalised image object
// of the Container shape: {ref, registry, repository, tag, digest}. An
// invalid reference (often an ARG without a value) is still split the way
// the Engine would split a valid one, so registry and repository stay
// strings. (The compose adapter splits references the same way.)
func imageParts(ref string) map[string]any {
	out := map[string]any{"ref": ref, "registry": nil, "repository": nil, "tag": nil, "digest": nil}
	named, err := reference.ParseNormalizedNamed(ref)
	if err != nil {
		name := ref
		if at := strings.Index(name, "@"); at >= 0 {
			out["digest"] = strOrNil(name[at+1:])
			name = name[:at]
		}
		if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
			out["tag"] = strOrNil(name[i+1:])
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

func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
