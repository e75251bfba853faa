package dockpol.container

import data.dockpol.lib

# METADATA
# title: PIDs limit not set
# description: >-
#   The container has no limit on the number of processes (none set, or 0
#   or -1, which mean unlimited): a fork bomb inside it exhausts the host's
#   process table. Compose's `pids_limit` and
#   `deploy.resources.limits.pids` both count.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#pids-limit
#   - https://docs.docker.com/reference/compose-file/services/#pids_limit
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C29
#   severity: low
#   action: warn
#   cis: "5.29"
#   kinds: [compose, container, request]
#   remediation: |-
#     Limit the number of processes (`--pids-limit 200`):
#       deploy:
#         resources:
#           limits:
#             pids: 200
warn contains finding if {
	not input.container.resources.pids_limit > 0
	input.container.resources.pids_limit # set or null; absent when the input kind cannot say
	input.document.kind in rego.metadata.rule().custom.kinds
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s has no PIDs limit, so a fork bomb can exhaust the host's processes.", [lib.subject]),
		"path": ["resources", "pids_limit"],
	}
}
