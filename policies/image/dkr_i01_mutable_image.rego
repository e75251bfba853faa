package dockpol.image

import data.dockpol.lib

# METADATA
# title: Mutable image reference (latest or no tag)
# description: >-
#   The image is referenced without a tag, or by the `latest` tag, and
#   without a digest: what runs changes whenever the upstream tag moves, so
#   deploys are not reproducible and an upstream change arrives unreviewed.
#   A digest pins the image whatever the tag says. Compose services that
#   also have `build:` are skipped: their image name tags what compose
#   builds (the base image's FROM is judged in the Dockerfile).
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier
#   - https://docs.docker.com/reference/compose-file/services/#image
# custom:
#   id: DKR-I01
#   severity: low
#   action: warn
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Pin a version tag, and preferably the digest it resolves to:
#       image: nginx:1.27.3@sha256:<digest>
#     (`docker buildx imagetools inspect nginx:1.27.3` prints the digest.)
warn contains finding if {
	input.container.image.digest == null
	tag := input.container.image.tag
	tag in {null, "latest"}
	object.get(input.container, "build", null) == null
	msg := {
		true: sprintf("%s uses image %q without a tag or digest, which pulls whatever \"latest\" points to.", [lib.subject, input.container.image.ref]),
		false: sprintf("%s uses image %q, whose \"latest\" tag moves with every upstream release.", [lib.subject, input.container.image.ref]),
	}[tag == null]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["image"]}
}
