package dockpol.container

import data.dockpol.lib

# METADATA
# title: Root filesystem writable
# description: >-
#   The container's root filesystem is writable (`read_only` not set, or
#   false): an intruder can change binaries and configuration and keep a
#   foothold for as long as the container lives. A warning, as many
#   applications need writable paths first: give them a tmpfs or a volume.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#read_only
#   - https://docs.docker.com/reference/cli/docker/container/run/#read-only
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C24
#   severity: low
#   action: warn
#   cis: "5.13"
#   kinds: [compose, container, request]
#   remediation: |-
#     Make the root filesystem read-only and give the paths the service
#     writes a tmpfs or a volume (`--read-only --tmpfs /tmp`):
#       read_only: true
#       tmpfs:
#         - /tmp
warn contains finding if {
	input.container.read_only_rootfs in {null, false}
	input.document.kind in rego.metadata.rule().custom.kinds
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s has a writable root filesystem (read_only is not true).", [lib.subject]),
		"path": ["read_only_rootfs"],
	}
}
