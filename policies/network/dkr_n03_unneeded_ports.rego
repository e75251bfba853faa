package dockpol.network

import data.dockpol.lib

# METADATA
# title: All/unneeded ports published
# description: >-
#   The container publishes every port its image exposes (`docker run -P`,
#   PublishAllPorts), or a port that is not on the list of ports meant to
#   be published: each published port is reachable from the network and
#   should be one the service needs. The list is
#   data.dockpol.config.allowed_published_ports (host ports, as numbers or
#   strings; for an ephemeral host port the container port, "80" or
#   "80/tcp", is compared); until it is configured only publish-all is
#   reported. Advisory (CIS 5.9 is a manual check).
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#publish-all
#   - https://docs.docker.com/reference/compose-file/services/#ports
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-N03
#   severity: low
#   action: warn
#   cis: "5.9"
#   kinds: [compose, container, request]
#   remediation: |-
#     Publish only the ports the service needs, each explicitly:
#       docker run -p 127.0.0.1:8080:80 ...    # instead of -P
#     and list them in `allowed_published_ports`.
warn contains finding if {
	some v in _n03_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

_n03_violations contains {"msg": msg, "path": ["publish_all_ports"]} if {
	input.container.publish_all_ports == true
	msg := sprintf("%s publishes all exposed ports on ephemeral host ports (publish-all).", [lib.subject])
}

_n03_violations contains {"msg": msg, "path": ["ports", i]} if {
	some i, port in input.container.ports
	allowed := _n03_configured
	protocol := lib.or_default(object.get(port, "protocol", null), "tcp")
	not _n03_allowed(port, protocol, allowed)
	msg := sprintf("%s publishes container port %v/%s on host port %s, which is not in allowed_published_ports.", [
		lib.subject, port.container_port, protocol,
		lib.or_default(port.host_port, "(ephemeral)"),
	])
}

# _n03_configured: allowed_published_ports in lower case, once per
# evaluation; undefined when it is not a list (nothing is judged then).
_n03_configured := {lower(sprintf("%v", [p])) | some p in configured} if {
	configured := object.get(lib.config, "allowed_published_ports", null)
	is_array(configured)
}

_n03_allowed(port, _, allowed) if {
	port.host_port != null
	sprintf("%v", [port.host_port]) in allowed
}

_n03_allowed(port, protocol, allowed) if {
	port.host_port == null
	some key in [sprintf("%v", [port.container_port]), sprintf("%v/%s", [port.container_port, protocol])]
	key in allowed
}
