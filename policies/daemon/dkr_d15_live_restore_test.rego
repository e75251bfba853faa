package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d15_off_warned[note] if {
	some note, value in {"unset": null, "false": false}
	findings := daemon.warn with input as testing.json_doc({"live_restore": value})
	lt.with_id(findings, "DKR-D15") == {{
		"id": "DKR-D15",
		"msg": "Live restore is off (daemon.json): restarting the daemon stops every container.",
		"path": ["daemon", "live_restore"],
	}}
}

test_d15_off_in_docker_info_warned if {
	findings := daemon.warn with input as testing.info_doc({"live_restore": false})
	count(lt.with_id(findings, "DKR-D15")) == 1
}

test_d15_swarm_node_not_judged if {
	findings := daemon.warn with input as testing.info_doc({"live_restore": false, "swarm": {"local_node_state": "active"}})
	count(lt.with_id(findings, "DKR-D15")) == 0
}

test_d15_on_passes if {
	findings := daemon.warn with input as testing.json_doc({"live_restore": true})
	count(lt.with_id(findings, "DKR-D15")) == 0
}
