package dockpol.network

import data.dockpol.lib

# METADATA
# title: Privileged host port (<1024) published
# description: >-
#   A container port is published on a privileged host port (below 1024).
#   Those ports are reserved for services the host administrator runs;
#   publishing a container there lets it stand in for one (SSH, DNS, SMTP,
#   ...) and usually means the port was chosen without thought. Host ports
#   meant to be served by containers (for example a reverse proxy on 80 and
#   443) can be listed in data.dockpol.config.allowed_privileged_ports.
#   Ports of a container on the host's network (the Engine discards them),
#   with no network, or in another container's network namespace are not
#   judged.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#ports
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-N02
#   severity: low
#   action: warn
#   cis: "5.8"
#   kinds: [compose, container, request]
#   remediation: |-
#     Publish on a host port of 1024 or above, or list the port in
#     `allowed_privileged_ports`:
#       ports: ["127.0.0.1:8080:80"]
warn contains finding if {
	some i, port in input.container.ports
	not lib.ports_discarded
	host_port := _n02_number(port.host_port)
	host_port > 0
	host_port < 1024
	not sprintf("%v", [host_port]) in _n02_allowed
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s publishes container port %v/%s on the privileged host port %d.", [lib.subject, port.container_port, lib.or_default(object.get(port, "protocol", null), "tcp"), host_port]),
		"path": ["ports", i],
	}
}

# _n02_allowed: the allowed host ports as strings, once per evaluation.
_n02_allowed := {sprintf("%v", [p]) | some p in object.get(lib.config, "allowed_privileged_ports", [])}

# _n02_number is the (first) port number of a host_port ("80", 80,
# "8000-8010").
_n02_number(p) := p if is_number(p)

_n02_number(p) := to_number(found[0]) if {
	is_string(p)
	found := regex.find_n(`^[0-9]+`, trim_space(p), 1)
	count(found) == 1
}
