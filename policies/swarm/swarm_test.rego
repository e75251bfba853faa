package dockpol.swarm_test

import data.dockpol.swarm

test_manager_active if {
	swarm.manager with input as {"daemon": {"swarm": {"local_node_state": "active", "control_available": true}}}
}

test_worker_is_not_manager if {
	not swarm.manager with input as {"daemon": {"swarm": {"local_node_state": "active", "control_available": false}}}
}

test_inactive_is_not_manager if {
	not swarm.manager with input as {"daemon": {"swarm": {"local_node_state": "inactive", "control_available": true}}}
}

test_daemon_json_has_no_swarm if {
	not swarm.manager with input as {"daemon": {}}
}
