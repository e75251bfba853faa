package dockpol.container

import data.dockpol.lib

# METADATA
# title: OOM killer disabled without memory limit
# description: >-
#   The container disables the OOM killer (`oom_kill_disable`,
#   `--oom-kill-disable`) and has no memory limit: when the host runs out of
#   memory the kernel cannot kill this container's processes, so it kills
#   host processes (the daemon, sshd) instead. With a memory limit the
#   option only makes the container wait at its own limit. Compose's
#   `mem_limit` and `deploy.resources.limits.memory` both count.
# related_resources:
#   - https://docs.docker.com/engine/containers/resource_constraints/#--kernel-memory-details
#   - https://docs.docker.com/reference/compose-file/services/#oom_kill_disable
# custom:
#   id: DKR-C26
#   severity: medium
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `oom_kill_disable: true`, or set a memory limit with it
#     (`--memory 512m --oom-kill-disable`):
#       oom_kill_disable: true
#       deploy:
#         resources:
#           limits:
#             memory: 512M
warn contains finding if {
	input.container.resources.oom_kill_disable == true
	object.get(input.container.resources, "memory", null) in {null, 0}
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s disables the OOM killer without a memory limit, so a host out of memory kills host processes instead.", [lib.subject]),
		"path": ["resources", "oom_kill_disable"],
	}
}
