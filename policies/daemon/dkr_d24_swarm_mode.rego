package dockpol.daemon

# METADATA
# title: Swarm mode enabled
# description: >-
#   The engine is a swarm node: it opens the swarm ports (2377 on managers,
#   7946, 4789) and runs the cluster's orchestration. Advisory: leave the
#   swarm if the host does not need it. Judged from docker info
#   (Swarm.LocalNodeState).
# related_resources:
#   - https://docs.docker.com/engine/swarm/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D24
#   severity: low
#   action: warn
#   cis: "5.1"
#   kinds: [daemon]
#   remediation: |-
#     If the host does not run swarm services, leave the swarm:
#       docker swarm leave
#     (on the last manager: docker swarm leave --force).
warn contains finding if {
	input.daemon.swarm.local_node_state == "active"
	role := {true: "manager", false: "worker"}[input.daemon.swarm.control_available == true]
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The engine is an active swarm %s: swarm mode is enabled.", [role]),
		"path": ["daemon", "swarm"],
	}
}
