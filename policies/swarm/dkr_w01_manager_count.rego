package dockpol.swarm

import data.dockpol.lib

# METADATA
# title: Swarm manager count
# description: >-
#   The swarm's manager count gives poor fault tolerance. Raft needs a
#   majority of managers: an even count tolerates no more failures than the
#   odd count below it, a single manager in a multi-node swarm is a single
#   point of failure, and more than seven managers slow consensus down
#   (Docker recommends at most seven). Advisory, judged on managers from
#   docker info (Swarm.Managers, Swarm.Nodes). The upper bound is
#   data.dockpol.config.swarm_max_managers (default 7).
# related_resources:
#   - https://docs.docker.com/engine/swarm/admin_guide/#add-manager-nodes-for-fault-tolerance
#   - https://docs.docker.com/engine/swarm/raft/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-W01
#   severity: low
#   action: warn
#   cis: "7.1"
#   kinds: [daemon]
#   remediation: |-
#     Run an odd number of managers, three or five for most clusters:
#       docker node promote <node>   # or: docker node demote <node>
warn contains finding if {
	manager
	managers := input.daemon.swarm.managers
	is_number(managers)
	problem := _w01_problem(managers, input.daemon.swarm.nodes)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The swarm has %d manager(s): %s.", [managers, problem]),
		"path": ["daemon", "swarm", "managers"],
	}
}

_w01_problem(managers, nodes) := "an even number of managers tolerates no more failures than one fewer" if {
	managers > 0
	managers % 2 == 0
} else := sprintf("one manager is a single point of failure for %d nodes", [nodes]) if {
	managers == 1
	is_number(nodes)
	nodes > 1
} else := sprintf("more than %d managers slow down Raft consensus", [max_managers]) if {
	max_managers := object.get(lib.config, "swarm_max_managers", 7)
	managers > max_managers
}
