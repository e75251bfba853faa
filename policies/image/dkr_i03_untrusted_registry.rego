package dockpol.image

import data.dockpol.lib

# METADATA
# title: Image from non-allowlisted registry/namespace
# description: >-
#   The image comes from a registry or namespace that is not on the
#   organisation's allowlist, so its provenance is not vouched for. Off
#   until data.dockpol.config.trusted_registries is configured: a list of
#   registries ("registry.example.com") or registry/namespace prefixes
#   ("docker.io/library" for Docker Official Images, "ghcr.io/acme"); a
#   trailing "/*" is allowed. Docker Hub references are matched in their
#   full form (nginx is docker.io/library/nginx). Compose services with
#   `build:`, image IDs and tags chosen at build time are skipped; for a
#   Dockerfile the base image of the final stage is judged.
# related_resources:
#   - https://docs.docker.com/docker-hub/repos/manage/trusted-content/official-images/
#   - https://docs.docker.com/security/for-admins/hardened-desktop/registry-access-management/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-I03
#   severity: medium
#   action: warn
#   cis: "4.2"
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Use an image from an approved registry, mirroring it there if needed:
#       image: registry.example.com/mirror/nginx:1.27
#     or add the registry or namespace to `trusted_registries` in .dockpol.yaml:
#       data:
#         trusted_registries: [registry.example.com, docker.io/library]
warn contains finding if {
	trusted := object.get(lib.config, "trusted_registries", null)
	is_array(trusted)
	name := named_reference
	reference_view
	not lib.trusted_image_name(name, trusted)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s uses image %q from %s, which is not in trusted_registries.", [lib.subject, input.container.image.ref, input.container.image.registry]),
		"path": ["image"],
	}
}
