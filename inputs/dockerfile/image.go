package dockerfile

import "github.com/dockpol/dockpol/inputs"

// imageParts splits an image reference into the normalised image object
// of the Container shape, as every adapter does (inputs.ImageRef).
func imageParts(ref string) map[string]any {
	if ref == "" {
		return map[string]any{"ref": ref, "registry": nil, "repository": nil, "tag": nil, "digest": nil}
	}
	return inputs.ImageRef(ref)
}
