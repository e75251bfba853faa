package dockpol.container

import data.dockpol.lib

# METADATA
# title: Non-default cgroup parent
# description: >-
#   The container is placed under a cgroup parent of its own choosing
#   (`cgroup_parent`, `--cgroup-parent`) instead of Docker's: it leaves the
#   limits and accounting the daemon applies to its containers, and can be
#   put in a slice with more resources or none. Confirm the parent is
#   intended and limited.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#cgroup-parent
#   - https://docs.docker.com/reference/compose-file/services/#cgroup_parent
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C31
#   severity: low
#   action: warn
#   cis: "5.25"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `cgroup_parent` (`--cgroup-parent`) so the container runs under
#     the daemon's cgroup parent, or set the parent once for every container
#     in daemon.json (`"cgroup-parent": "docker.slice"`).
warn contains finding if {
	parent := input.container.cgroup_parent
	is_string(parent)
	parent != ""
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s runs under the cgroup parent %q instead of the daemon's.", [lib.subject, parent]),
		"path": ["cgroup_parent"],
	}
}
