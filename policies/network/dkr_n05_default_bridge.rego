package dockpol.network

import data.dockpol.lib

# METADATA
# title: Default bridge (docker0) used
# description: >-
#   The container joins Docker's default bridge network (docker0): every
#   container on it shares one L2 segment and, with the daemon's default
#   icc, can reach every other one, and container names do not resolve
#   there. A user-defined network isolates each application. Compose never
#   uses docker0 unless asked (`network_mode: bridge` or `default`, or the
#   external network `bridge`): it creates a `<project>_default` network.
#   From docker inspect and create requests, a container on the default
#   network (NetworkMode default or bridge, or the endpoint `bridge`) is
#   reported.
# related_resources:
#   - https://docs.docker.com/engine/network/drivers/bridge/#differences-between-user-defined-bridges-and-the-default-bridge
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-N05
#   severity: low
#   action: warn
#   cis: "5.30"
#   kinds: [compose, container, request]
#   remediation: |-
#     Attach the container to a user-defined network:
#       docker network create app
#       docker run --network app ...
#     (in compose, drop `network_mode: bridge` and let compose create the
#     project network, or list `networks:`).
warn contains finding if {
	some v in _n05_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

_n05_violations contains {"msg": msg, "path": ["namespaces", "network"]} if {
	mode := input.container.namespaces.network
	mode in {"bridge", "default"}
	msg := sprintf("%s uses the default bridge network (network mode %q).", [lib.subject, mode])
}

_n05_violations contains {"msg": msg, "path": ["networks", i]} if {
	some i, name in input.container.networks
	name == "bridge"
	not input.container.namespaces.network in {"bridge", "default"}
	_n05_docker0(name)
	msg := sprintf("%s is attached to the default bridge network (docker0).", [lib.subject])
}

# _n05_docker0 is true when a network the container joins is docker0: the
# Engine API names it bridge; in compose only an external network named
# bridge is (a declared one becomes <project>_bridge).
_n05_docker0(_) if input.document.kind != "compose"

_n05_docker0(name) if {
	input.document.kind == "compose"
	some n in input.document.networks
	n.name == name
	n.external == true
}
