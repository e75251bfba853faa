package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host network namespace shared
# description: >-
#   The container uses the host's network stack: it can bind any host
#   interface, sniff host traffic with NET_RAW, and reach services listening
#   only on the host's loopback (including a daemon TCP socket).
# related_resources:
#   - https://docs.docker.com/engine/network/drivers/host/
#   - https://docs.docker.com/reference/compose-file/services/#network_mode
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C04
#   severity: high
#   action: deny
#   cis: "5.10"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `network_mode: host` (`--network=host`); publish the ports the
#     service needs on a specific address instead:
#       ports: ["127.0.0.1:8080:80"]
deny contains finding if {
	input.container.namespaces.network == "host"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s shares the host's network namespace, so it can bind host interfaces and reach services on the host's loopback.", [lib.subject]),
		"path": ["namespaces", "network"],
	}
}
