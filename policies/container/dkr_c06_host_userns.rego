package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host user namespace (opt-out of userns-remap)
# description: >-
#   The container opts out of the daemon's user-namespace remapping
#   (`userns_mode: host`): root in the container is root (UID 0) on the host
#   again. Only meaningful when the daemon remaps users, so it is not reported
#   when the document knows the daemon does not (daemon fact `userns`
#   false).
# related_resources:
#   - https://docs.docker.com/engine/security/userns-remap/#disable-namespace-remapping-for-a-container
#   - https://docs.docker.com/reference/compose-file/services/#userns_mode
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C06
#   severity: medium
#   action: warn
#   cis: "5.31"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `userns_mode: host` (`--userns=host`) so the daemon's remapping
#     applies, and give the container the file ownership it needs in the
#     remapped range instead.
warn contains finding if {
	input.container.namespaces.userns == "host"
	not input.document.daemon.userns == false
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s opts out of user-namespace remapping (userns host), so its root user is root on the host.", [lib.subject]),
		"path": ["namespaces", "userns"],
	}
}
