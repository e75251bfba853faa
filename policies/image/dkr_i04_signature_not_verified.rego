package dockpol.image

import data.dockpol.lib

# METADATA
# title: Image signature / content trust not enforced
# description: >-
#   The image is not bound to a verified signature. Content trust is not
#   observable in these inputs (DOCKER_CONTENT_TRUST is a client
#   environment variable, and cosign or Notation verification happens
#   outside them), so this is the proxy the catalog describes: a digest pin
#   joined with signature data. Off until
#   data.dockpol.config.verified_image_digests is configured: the list of
#   image digests ("sha256:...") whose signatures were verified (for
#   example by `cosign verify` in the pipeline that produces the
#   configuration). Then an image without a digest, or with a digest not on
#   the list, is reported. Compose services with `build:`, image IDs and
#   tags chosen at build time are skipped; for a Dockerfile the base image
#   of the final stage is judged.
# related_resources:
#   - https://docs.docker.com/engine/security/trust/
#   - https://docs.sigstore.dev/cosign/verifying/verify/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-I04
#   severity: medium
#   action: warn
#   cis: "4.5"
#   kinds: [compose, request, image]
#   remediation: |-
#     Pin the image by digest, verify its signature and record the digest:
#       cosign verify --key cosign.pub registry.example.com/app@sha256:<digest>
#       image: registry.example.com/app:1.4@sha256:<digest>
#     and add sha256:<digest> to `verified_image_digests`.
warn contains finding if {
	verified := object.get(lib.config, "verified_image_digests", null)
	is_array(verified)
	input.document.kind in {"compose", "request", "image"}
	named_reference
	reference_view
	reason := _i04_unverified(input.container.image.digest, verified)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s uses image %q %s.", [lib.subject, input.container.image.ref, reason]),
		"path": ["image"],
	}
}

_i04_unverified(null, _) := "without a digest, so no verified signature can be bound to it"

_i04_unverified(digest, verified) := "whose digest is not in verified_image_digests" if {
	is_string(digest)
	not lower(digest) in {lower(d) | some d in verified}
}
