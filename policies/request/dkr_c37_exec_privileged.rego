package dockpol.request

import data.dockpol.lib

# METADATA
# title: docker exec with --privileged
# description: >-
#   A privileged exec runs a process with every capability, no seccomp or
#   AppArmor confinement and access to all host devices inside a container
#   that was itself created without them: it bypasses the restrictions the
#   container was checked against.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/exec/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C37
#   severity: high
#   action: deny
#   cis: "5.23"
#   kinds: [request]
#   remediation: |-
#     Run the exec without --privileged; if a debugging session needs more
#     rights, start a dedicated debug container for it:
#       docker exec -it web sh
deny contains finding if {
	endpoint == "exec.create"
	input.request.exec.privileged == true
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The exec into container %q asks for --privileged, which lifts the container's confinement.", [lib.or_default(input.request.target, "")]),
		"path": ["request", "exec", "privileged"],
	}
}
