package dockpol.container

import data.dockpol.lib

# METADATA
# title: Privileged container
# description: >-
#   A privileged container gets every capability and every host device, and
#   runs without seccomp, AppArmor or /proc masking: escaping to the host is
#   trivial (mount the host disk, load a kernel module).
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#privileged
#   - https://docs.docker.com/reference/compose-file/services/#privileged
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C01
#   severity: critical
#   action: deny
#   cis: "5.5"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `privileged: true` (`--privileged`); grant only the capabilities
#     and devices the service needs:
#       cap_drop: [ALL]
#       cap_add: [NET_BIND_SERVICE]
#       devices: ["/dev/ttyUSB0:/dev/ttyUSB0"]
deny contains finding if {
	input.container.privileged == true
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s runs privileged: it has every capability and device of the host.", [lib.subject]),
		"path": ["privileged"],
	}
}
