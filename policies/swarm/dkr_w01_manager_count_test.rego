package dockpol.swarm_test

import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt
import data.dockpol.swarm

swarm_doc(s) := testing.info_doc({"swarm": object.union(
	{
		"local_node_state": "active", "node_addr": "10.0.0.5", "control_available": true, "managers": 3,
		"nodes": 5, "autolock_managers": true, "node_cert_expiry_ns": 7776000000000000,
	},
	s,
)})

test_w01_even_managers_warned if {
	findings := swarm.warn with input as swarm_doc({"managers": 2})
	lt.with_id(findings, "DKR-W01") == {{
		"id": "DKR-W01",
		"msg": "The swarm has 2 manager(s): an even number of managers tolerates no more failures than one fewer.",
		"path": ["daemon", "swarm", "managers"],
	}}
}

test_w01_single_manager_of_many_nodes_warned if {
	findings := swarm.warn with input as swarm_doc({"managers": 1, "nodes": 4})
	some f in lt.with_id(findings, "DKR-W01")
	contains(f.msg, "single point of failure for 4 nodes")
}

test_w01_too_many_managers_warned if {
	findings := swarm.warn with input as swarm_doc({"managers": 9, "nodes": 20})
	count(lt.with_id(findings, "DKR-W01")) == 1
	allowed := swarm.warn with input as swarm_doc({"managers": 9, "nodes": 20})
		with data.dockpol.config as {"swarm_max_managers": 9}
	count(lt.with_id(allowed, "DKR-W01")) == 0
}

test_w01_passes[note] if {
	some note, s in {
		"three managers": {"managers": 3},
		"single-node swarm": {"managers": 1, "nodes": 1},
		"worker": {"control_available": false, "managers": null, "nodes": null},
		"inactive": {"local_node_state": "inactive", "control_available": false, "managers": null},
	}
	findings := swarm.warn with input as swarm_doc(s)
	count(lt.with_id(findings, "DKR-W01")) == 0
}

test_w01_daemon_json_silent if {
	findings := swarm.warn with input as testing.json_doc({})
	count(findings) == 0
}
