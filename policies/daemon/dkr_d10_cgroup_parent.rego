package dockpol.daemon

# METADATA
# title: Daemon default cgroup parent changed
# description: >-
#   daemon.json moves every container's cgroup under another parent than
#   Docker's own. Advisory: containers then take the limits (or the lack of
#   them) of that parent, which may not be what the host's resource policy
#   intends; confirm the setting is deliberate.
# related_resources:
#   - https://docs.docker.com/reference/cli/dockerd/#default-cgroup-parent
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D10
#   severity: low
#   action: warn
#   cis: "2.10"
#   kinds: [daemon]
#   remediation: |-
#     Remove "cgroup-parent" from /etc/docker/daemon.json unless the parent
#     cgroup is part of the host's resource plan; document why it is set.
warn contains finding if {
	parent := input.daemon.cgroup_parent
	is_string(parent)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("daemon.json places every container under the cgroup parent %q instead of Docker's default.", [parent]),
		"path": ["daemon", "cgroup_parent"],
	}
}
