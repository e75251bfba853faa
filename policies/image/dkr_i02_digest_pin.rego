package dockpol.image

import data.dockpol.lib

# METADATA
# title: Image not pinned by digest
# description: >-
#   The image is referenced by a tag without a digest. A tag can be
#   re-pointed at any time (by its publisher or by whoever controls the
#   registry), so what runs is not fixed, and scans or signatures checked
#   for one digest say nothing about what is pulled later. Compose services
#   that also have `build:` are skipped (their image names what compose
#   builds), as are references that are image IDs and tags chosen at build
#   time (an unresolved ARG). For a Dockerfile, the base image of the final
#   stage is judged. The image of `docker image inspect` is the image
#   itself, not a reference to pin, and is not judged.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
#   - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
# custom:
#   id: DKR-I02
#   severity: low
#   action: warn
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Pin the digest the tag resolves to, keeping the tag for readers:
#       image: nginx:1.27.3@sha256:<digest>
#       FROM nginx:1.27.3@sha256:<digest>
#     (`docker buildx imagetools inspect nginx:1.27.3` prints the digest;
#     Renovate or Dependabot can keep pinned digests current.)
warn contains finding if {
	input.container.image.digest == null
	named_reference
	reference_view
	ref := input.container.image.ref
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s uses image %q without a digest, so the tag can be re-pointed to different content.", [lib.subject, ref]),
		"path": ["image"],
	}
}
