package dockpol.network

import data.dockpol.lib

# METADATA
# title: Published port bound to all interfaces
# description: >-
#   A port is published on every host interface (no host IP, 0.0.0.0 or
#   ::). Docker writes its own iptables rules for published ports, so host
#   firewall rules such as ufw do not stop outside traffic reaching it. With
#   no host IP the daemon's `ip` setting applies, 0.0.0.0 by default. Host
#   ports meant to be public can be listed in
#   data.dockpol.config.allowed_public_ports (for example ["80", "443"]).
#   Ports of a container on the host's network (the Engine discards them;
#   DKR-C04 judges the host network), with no network, or in another
#   container's network namespace are not judged.
# related_resources:
#   - https://docs.docker.com/engine/network/packet-filtering-firewalls/
#   - https://docs.docker.com/reference/compose-file/services/#ports
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-N01
#   severity: medium
#   action: warn
#   cis: "5.14"
#   kinds: [compose, container, request]
#   remediation: |-
#     Bind the port to the address that should reach it, usually loopback
#     behind a reverse proxy:
#       ports: ["127.0.0.1:8080:80"]
#     or list a deliberately public host port in `allowed_public_ports`.
warn contains finding if {
	some i, port in input.container.ports
	port.host_ip in {null, "", "0.0.0.0", "::", "[::]"}
	not lib.ports_discarded
	not port.host_port in _n01_allowed # a string, or null (ephemeral)
	container_port := sprintf("%v/%s", [port.container_port, lib.or_default(object.get(port, "protocol", null), "tcp")])
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": _n01_msg(container_port, port.host_port),
		"path": ["ports", i],
	}
}

# _n01_allowed: the allowed host ports as strings, once per evaluation.
_n01_allowed := {sprintf("%v", [p]) | some p in object.get(lib.config, "allowed_public_ports", [])}

_n01_msg(container_port, null) := sprintf("%s publishes container port %s on an ephemeral host port on all interfaces.", [lib.subject, container_port])

_n01_msg(container_port, host_port) := sprintf("%s publishes container port %s on host port %v on all interfaces.", [lib.subject, container_port, host_port]) if host_port != null
