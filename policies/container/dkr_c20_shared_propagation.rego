package dockpol.container

import data.dockpol.lib

# METADATA
# title: Shared mount propagation
# description: >-
#   A mount uses `shared` or `rshared` propagation: mounts the container
#   makes below it appear on the host (and the other way round), so a
#   container that can mount filesystems can change what host processes
#   see. `slave`/`rslave` (host to container only) and the default
#   `rprivate` pass.
# related_resources:
#   - https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation
#   - https://docs.docker.com/reference/compose-file/services/#volumes
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C20
#   severity: medium
#   action: warn
#   cis: "5.20"
#   kinds: [compose, container, request]
#   remediation: |-
#     Drop the propagation option (the default is rprivate), or use a
#     one-way mode if host mounts must show up in the container:
#       volumes:
#         - type: bind
#           source: /mnt/data
#           target: /data
#           bind:
#             propagation: rslave
warn contains finding if {
	some i, mount in input.container.mounts
	mount.propagation in {"shared", "rshared"}
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s mounts %q with %s propagation, so mounts propagate between the container and the host.", [lib.subject, mount.target, mount.propagation]),
		"path": ["mounts", i, "propagation"],
	}
}
