package dockpol.swarm_test

import data.dockpol.lib.testing as lt
import data.dockpol.swarm

test_w03_autolock_off_warned if {
	findings := swarm.warn with input as swarm_doc({"autolock_managers": false})
	lt.with_id(findings, "DKR-W03") == {{
		"id": "DKR-W03",
		"msg": "The swarm does not auto-lock its managers: the Raft encryption key is stored unprotected on disk.",
		"path": ["daemon", "swarm", "autolock_managers"],
	}}
}

test_w03_passes[note] if {
	some note, s in {
		"autolock on": {"autolock_managers": true},
		"worker": {"control_available": false, "autolock_managers": null},
		"unknown": {"autolock_managers": null},
		"inactive": {"local_node_state": "inactive", "control_available": false, "autolock_managers": false},
	}
	findings := swarm.warn with input as swarm_doc(s)
	count(lt.with_id(findings, "DKR-W03")) == 0
}
