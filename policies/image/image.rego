# Package image holds the rules about the image a container runs (its
# reference, provenance and configuration). They are container rules:
# input is {"container", "document"}. The helpers below are shared by the
# DKR-I rules.
package dockpol.image

# reference_view is true when input.container.image is a reference the
# container asks for: a compose service without `build:` (with build the
# image names what compose builds), a container or create request, or the
# base image of a Dockerfile's final stage. docker image inspect's view of
# an image (kind image without a Dockerfile) is the image itself, not a
# reference, and is not judged.
reference_view if {
	input.document.kind != "image"
	object.get(input.container, "build", null) == null
}

reference_view if {
	input.document.kind == "image"
	input.document.dockerfile
}

# named_reference is the image's "registry/repository" when the reference
# names a repository (not an image ID) and was resolved (no build argument
# left in it).
named_reference := sprintf("%s/%s", [input.container.image.registry, input.container.image.repository]) if {
	is_string(input.container.image.registry)
	is_string(input.container.image.repository)
	is_string(input.container.image.ref)
	not contains(input.container.image.ref, "$")
}
