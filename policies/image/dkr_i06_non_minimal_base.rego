package dockpol.image

import data.dockpol.lib

# METADATA
# title: Non-minimal base image
# description: >-
#   The image is not on the list of minimal base images (distroless,
#   -slim, alpine, ...): a full distribution ships shells, package managers
#   and libraries the application does not need, each one attack surface
#   and scanner noise. An advisory proxy: whether the image is minimal
#   really needs its filesystem. Off until
#   data.dockpol.config.minimal_base_images is configured: glob patterns
#   matched against the image's full name, "registry/repository" and
#   "registry/repository:tag" (Docker Hub images are docker.io/library/...),
#   for example ["gcr.io/distroless/*", "docker.io/library/alpine:*",
#   "docker.io/library/*:*-slim*", "registry.example.com/base/*"]. Compose
#   services with `build:`, image IDs and tags chosen at build time are
#   skipped; for a Dockerfile the base image of the final stage is judged.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image
#   - https://github.com/GoogleContainerTools/distroless
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-I06
#   severity: low
#   action: warn
#   cis: "4.3"
#   kinds: [compose, container, image]
#   remediation: |-
#     Build on a minimal base image, copying the build output into it:
#       FROM golang:1.22 AS build
#       ...
#       FROM gcr.io/distroless/static-debian12
#       COPY --from=build /out/app /app
#     or add an approved base to `minimal_base_images`.
warn contains finding if {
	patterns := object.get(lib.config, "minimal_base_images", null)
	is_array(patterns)
	input.document.kind in {"compose", "container", "image"}
	name := named_reference
	reference_view
	not _i06_minimal(name, input.container.image.tag, patterns)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s uses image %q, which is not in minimal_base_images.", [lib.subject, input.container.image.ref]),
		"path": ["image"],
	}
}

_i06_minimal(name, tag, patterns) if {
	some pattern in patterns
	some candidate in _i06_candidates(name, tag)
	glob.match(pattern, null, candidate)
}

_i06_candidates(name, null) := [name, concat(":", [name, "latest"])]

_i06_candidates(name, tag) := [name, concat(":", [name, tag])] if is_string(tag)
