package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d18_experimental_warned if {
	findings := daemon.warn with input as testing.info_doc({"experimental": true})
	lt.with_id(findings, "DKR-D18") == {{
		"id": "DKR-D18",
		"msg": "The daemon runs with experimental features enabled (docker info).",
		"path": ["daemon", "experimental"],
	}}
}

test_d18_off_passes[note] if {
	some note, value in {"unset": null, "false": false}
	findings := daemon.warn with input as testing.json_doc({"experimental": value})
	count(lt.with_id(findings, "DKR-D18")) == 0
}
