package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d24_swarm_manager_warned if {
	findings := daemon.warn with input as testing.info_doc({"swarm": {"local_node_state": "active", "control_available": true}})
	lt.with_id(findings, "DKR-D24") == {{
		"id": "DKR-D24",
		"msg": "The engine is an active swarm manager: swarm mode is enabled.",
		"path": ["daemon", "swarm"],
	}}
}

test_d24_swarm_worker_warned if {
	findings := daemon.warn with input as testing.info_doc({"swarm": {"local_node_state": "active", "control_available": false}})
	some f in lt.with_id(findings, "DKR-D24")
	contains(f.msg, "swarm worker")
}

test_d24_inactive_passes[state] if {
	some state in ["inactive", "pending", "locked", "error"]
	findings := daemon.warn with input as testing.info_doc({"swarm": {"local_node_state": state}})
	count(lt.with_id(findings, "DKR-D24")) == 0
}
