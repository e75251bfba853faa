package dockpol.container

import data.dockpol.lib

# METADATA
# title: Memory limit not set
# description: >-
#   The container has no memory limit (none set, or 0, which means
#   unlimited): one leaking or attacked service can exhaust the host's memory
#   and get its neighbours OOM-killed. Compose's `mem_limit` and
#   `deploy.resources.limits.memory` both count.
# related_resources:
#   - https://docs.docker.com/engine/containers/resource_constraints/#memory
#   - https://docs.docker.com/reference/compose-file/deploy/#resources
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C27
#   severity: medium
#   action: warn
#   cis: "5.11"
#   kinds: [compose, container, request]
#   remediation: |-
#     Set a memory limit sized for the service (`--memory`):
#       deploy:
#         resources:
#           limits:
#             memory: 512M
warn contains finding if {
	input.container.resources.memory in {null, 0}
	input.document.kind in rego.metadata.rule().custom.kinds
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s has no memory limit, so it can exhaust the host's memory.", [lib.subject]),
		"path": ["resources", "memory"],
	}
}
