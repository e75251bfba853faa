package dockpol.container

import data.dockpol.lib

# METADATA
# title: CPU limit or priority not set
# description: >-
#   The container has neither a CPU limit (`cpus`, `cpu_quota`) nor a CPU
#   share weight (`cpu_shares`): a busy or attacked service can starve the
#   host and its neighbours of CPU. Compose's `cpus` and
#   `deploy.resources.limits.cpus` both count; 0 means unlimited.
# related_resources:
#   - https://docs.docker.com/engine/containers/resource_constraints/#cpu
#   - https://docs.docker.com/reference/compose-file/deploy/#resources
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C28
#   severity: low
#   action: warn
#   cis: "5.12"
#   kinds: [compose, container, request]
#   remediation: |-
#     Set a CPU limit sized for the service (`--cpus 0.5`), or at least a
#     share weight (`--cpu-shares 512`):
#       deploy:
#         resources:
#           limits:
#             cpus: "0.5"
warn contains finding if {
	input.container.resources.cpus in {null, 0}
	input.document.kind in rego.metadata.rule().custom.kinds
	not input.container.resources.cpu_shares > 0
	not input.container.resources.cpu_quota > 0
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s has no CPU limit or share weight, so it can starve the host and other containers of CPU.", [lib.subject]),
		"path": ["resources", "cpus"],
	}
}
