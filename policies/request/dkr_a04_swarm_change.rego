package dockpol.request

# METADATA
# title: Swarm membership or cluster configuration changed
# description: >-
#   Initialising or joining a swarm, leaving it, changing its
#   configuration, or promoting, demoting or removing nodes changes which
#   managers may schedule workloads onto this host and which keys protect
#   the cluster. It is host administration, not a workload request.
# related_resources:
#   - https://docs.docker.com/engine/swarm/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-A04
#   severity: high
#   action: deny
#   kinds: [request]
#   remediation: |-
#     Change swarm membership from the host's configuration management; to
#     allow it through the gate for a maintenance window, relax the rule in
#     the gate's configuration:
#       action:
#         DKR-A04: {gate: warn}
deny contains finding if {
	endpoint in {"swarm.init", "swarm.join", "swarm.leave", "swarm.update", "node.update", "node.remove"}
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s changes swarm membership or cluster configuration.", [what]),
		"path": ["request", "endpoint"],
	}
}
