package dockpol.network

import data.dockpol.lib

# METADATA
# title: SSH exposed / sshd in container
# description: >-
#   The container publishes or exposes port 22, or its command or
#   entrypoint starts an SSH daemon (sshd, dropbear): a remote-administration
#   surface inside the container, with its own keys and passwords to manage,
#   that bypasses `docker exec` and its audit trail. CIS 5.7 checks for a
#   running sshd process; this is the static proxy (ports, EXPOSE, command).
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/exec/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-N04
#   severity: medium
#   action: warn
#   cis: "5.7"
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Remove the SSH server from the image and use docker exec for
#     administration:
#       docker exec -it <container> sh
#     and drop `EXPOSE 22` / the published port 22.
warn contains finding if {
	some v in _n04_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

_n04_violations contains {"msg": msg, "path": ["ports", i]} if {
	some i, port in input.container.ports
	port.container_port == 22
	lib.or_default(object.get(port, "protocol", null), "tcp") == "tcp"
	msg := sprintf("%s publishes the SSH port 22/tcp on host port %s.", [lib.subject, lib.or_default(port.host_port, "(ephemeral)")])
}

_n04_violations contains {"msg": msg, "path": ["exposed_ports", i]} if {
	some i, p in input.container.exposed_ports
	p in {"22", "22/tcp"}
	msg := sprintf("%s exposes the SSH port 22/tcp.", [lib.subject])
}

_n04_violations contains {"msg": msg, "path": [field, j]} if {
	some field in ["command", "entrypoint"]
	some j, word in input.container[field]
	is_string(word)
	regex.match(`(^|[\s/"'])(sshd|dropbear)(\s|$|["'])`, word)
	msg := sprintf("%s runs an SSH daemon in its %s.", [lib.subject, field])
}
