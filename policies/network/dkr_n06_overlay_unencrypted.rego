package dockpol.network

import data.dockpol.lib

# METADATA
# title: Overlay network not encrypted
# description: >-
#   Traffic between swarm nodes on an overlay network travels in clear
#   unless the network is created with the `encrypted` driver option (IPsec
#   between nodes). The container joins a compose network declared with
#   the overlay driver and no `encrypted` option. Networks declared
#   external are created elsewhere and not judged; a network no service
#   joins carries no traffic and is not reported.
# related_resources:
#   - https://docs.docker.com/engine/network/drivers/overlay/#encrypt-traffic-on-an-overlay-network
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-N06
#   severity: medium
#   action: warn
#   cis: "7.3"
#   kinds: [compose]
#   remediation: |-
#     networks:
#       backend:
#         driver: overlay
#         driver_opts:
#           encrypted: "true"
warn contains finding if {
	some i, name in input.container.networks
	some net in input.document.networks
	net.name == name
	net.driver == "overlay"
	not net.external
	not _n06_encrypted(net)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s joins overlay network %q, which is not encrypted (no driver_opts encrypted).", [lib.subject, name]),
		"path": ["networks", i],
	}
}

_n06_encrypted(net) if {
	"encrypted" in object.keys(object.get(net, "driver_opts", {}))
}
