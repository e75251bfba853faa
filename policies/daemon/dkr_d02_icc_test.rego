package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d02_icc_unset_warned if {
	findings := daemon.warn with input as testing.json_doc({"icc": null})
	lt.with_id(findings, "DKR-D02") == {{
		"id": "DKR-D02",
		"msg": "daemon.json does not set icc, so dockerd's default applies: every container on the default bridge can reach every other.",
		"path": ["daemon", "icc"],
	}}
}

test_d02_icc_true_warned if {
	findings := daemon.warn with input as testing.json_doc({"icc": true})
	some f in lt.with_id(findings, "DKR-D02")
	f.msg == "daemon.json enables icc: every container on the default bridge can reach every other."
}

test_d02_icc_false_passes if {
	findings := daemon.warn with input as testing.json_doc({"icc": false})
	count(lt.with_id(findings, "DKR-D02")) == 0
}

test_d02_docker_info_cannot_say if {
	findings := daemon.warn with input as testing.info_doc({})
	count(lt.with_id(findings, "DKR-D02")) == 0
}
