package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host PID namespace shared
# description: >-
#   The container shares the host's PID namespace: it sees every host
#   process, can signal processes of the same user, and reaches their files
#   and memory through /proc/PID/root and /proc/PID/mem.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#pid
#   - https://docs.docker.com/reference/compose-file/services/#pid
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C02
#   severity: high
#   action: deny
#   cis: "5.16"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `pid: host` (`--pid=host`). To share processes with one other
#     container, join its namespace instead:
#       pid: "service:app"
deny contains finding if {
	input.container.namespaces.pid == "host"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s shares the host's PID namespace, so it can see and signal every process on the host.", [lib.subject]),
		"path": ["namespaces", "pid"],
	}
}
