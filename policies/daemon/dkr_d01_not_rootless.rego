package dockpol.daemon

# METADATA
# title: Daemon not rootless
# description: >-
#   The Docker daemon runs as root. In rootless mode the daemon and its
#   containers run in a user namespace of an unprivileged user, so an escape
#   from a container lands as that user, not as root. Only docker info can
#   tell (SecurityOptions lists name=rootless); daemon.json alone says
#   nothing, so the rule judges docker info only. Advisory: rootless mode
#   has limits (no AppArmor, some network and storage drivers).
# related_resources:
#   - https://docs.docker.com/engine/security/rootless/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D01
#   severity: low
#   action: warn
#   cis: "2.1"
#   kinds: [daemon]
#   remediation: |-
#     Where the workloads allow it, run the daemon rootless
#     (dockerd-rootless-setuptool.sh install) or use user-namespace
#     remapping (DKR-D09) on the rootful daemon.
warn contains finding if {
	input.daemon.rootless == false
	input.daemon.from.rootless == "info"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": "The Docker daemon runs as root (docker info lists no name=rootless security option).",
		"path": ["daemon", "rootless"],
	}
}
