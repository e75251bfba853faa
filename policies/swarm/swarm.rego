# Package swarm holds the rules about a swarm node, read from docker info
# (the daemon object's `swarm` fact, docs/input.md). They are document
# rules: input is the whole document of kind daemon. daemon.json cannot
# state the swarm, so there the fact is absent and the rules stay silent;
# on workers the cluster-wide facts are null and the rules that need them
# stay silent too.
package dockpol.swarm

# manager is true when the engine is an active swarm manager: only managers
# report the cluster's managers, autolock and CA settings.
manager if {
	input.daemon.swarm.local_node_state == "active"
	input.daemon.swarm.control_available == true
}
