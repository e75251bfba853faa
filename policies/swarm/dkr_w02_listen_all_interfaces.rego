package dockpol.swarm

import data.dockpol.lib

# METADATA
# title: Swarm listens on all interfaces
# description: >-
#   The swarm manager advertises a public address, so its cluster
#   management port (2377) and the gossip and data-plane ports (7946, 4789)
#   are meant to be reached from outside the private network. docker info
#   does not give the listen address (docker swarm init listens on
#   0.0.0.0:2377 unless --listen-addr is given); this is a proxy on the
#   advertised Swarm.NodeAddr instead. Addresses inside
#   data.dockpol.config.swarm_private_networks (CIDRs; default the RFC 1918,
#   CGNAT, loopback, link-local and IPv6 ULA ranges) pass; host names are
#   not judged.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/swarm/init/#listen-addr
#   - https://docs.docker.com/engine/swarm/swarm-tutorial/#open-protocols-and-ports-between-the-hosts
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-W02
#   severity: low
#   action: warn
#   cis: "7.2"
#   kinds: [daemon]
#   remediation: |-
#     Bind and advertise the swarm on a private interface:
#       docker swarm init --listen-addr 10.0.0.5:2377 --advertise-addr 10.0.0.5
#     (on an existing node: docker swarm update is not enough; leave and
#     rejoin with --listen-addr), and firewall 2377, 7946 and 4789.
warn contains finding if {
	manager
	addr := input.daemon.swarm.node_addr
	is_string(addr)
	ip := _w02_ip(addr)
	not _w02_private(ip)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The swarm manager advertises the public address %s: its swarm ports are reachable beyond the private network.", [addr]),
		"path": ["daemon", "swarm", "node_addr"],
	}
}

# _w02_ip is the IP address of a NodeAddr; undefined for host names.
_w02_ip(addr) := ip if {
	ip := trim_suffix(trim_prefix(trim_space(addr), "["), "]")
	net.cidr_is_valid(sprintf("%s/%d", [ip, _w02_bits(ip)]))
}

_w02_bits(ip) := 128 if {
	contains(ip, ":")
} else := 32

_w02_private(ip) if {
	some cidr in object.get(lib.config, "swarm_private_networks", _w02_default_private)
	net.cidr_contains(cidr, ip)
}

_w02_default_private := [
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
	"127.0.0.0/8", "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10",
]
