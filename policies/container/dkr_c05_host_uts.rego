package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host UTS namespace shared
# description: >-
#   The container shares the host's UTS namespace: it sees the host's
#   hostname and NIS domain name and, with CAP_SYS_ADMIN, can change them for
#   the whole host. Low direct impact, hence a warning, but one isolation
#   layer less.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#uts
#   - https://docs.docker.com/reference/compose-file/services/#uts
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C05
#   severity: low
#   action: warn
#   cis: "5.21"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `uts: host` (`--uts=host`); set the container's own name instead:
#       hostname: web
warn contains finding if {
	input.container.namespaces.uts == "host"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s shares the host's UTS namespace (uts host), so it sees and may change the host's hostname.", [lib.subject]),
		"path": ["namespaces", "uts"],
	}
}
