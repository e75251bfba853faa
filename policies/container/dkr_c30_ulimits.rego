package dockpol.container

import data.dockpol.lib

# METADATA
# title: Ulimits not set
# description: >-
#   The container sets no ulimits (`ulimits`, `--ulimit`) and the daemon
#   has no `default-ulimits`, so it inherits dockerd's own limits (often a
#   very high nofile and no nproc limit): one service can exhaust file
#   descriptors or processes for the host. Advisory, as CIS 5.19 is: a
#   daemon-wide `default-ulimits` (DKR-D08) satisfies it, so by default the
#   rule judges a container only when the document states the daemon's
#   configuration (`document.daemon.default_ulimits` null or empty). Set
#   data.dockpol.config.require_container_ulimits to true to ask every
#   container for its own ulimits whatever the daemon says.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#ulimit
#   - https://docs.docker.com/reference/compose-file/services/#ulimits
#   - https://docs.docker.com/reference/cli/dockerd/#default-ulimit-settings
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C30
#   severity: low
#   action: warn
#   cis: "5.19"
#   kinds: [compose, container, request]
#   remediation: |-
#     Set the limits the service needs (`--ulimit nofile=1024:2048`):
#       ulimits:
#         nofile:
#           soft: 1024
#           hard: 2048
#         nproc: 512
#     or set `default-ulimits` in daemon.json for every container.
warn contains finding if {
	input.container.ulimits in {null, {}}
	input.document.kind in rego.metadata.rule().custom.kinds
	why := _c30_unlimited
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s sets no ulimits, %s.", [lib.subject, why]),
		"path": ["ulimits"],
	}
}

_c30_unlimited := "and the daemon has no default-ulimits, so it inherits dockerd's limits" if {
	input.document.daemon.default_ulimits in {null, {}}
} else := "so it runs with the daemon's default ulimits" if {
	object.get(lib.config, "require_container_ulimits", false) == true
}
