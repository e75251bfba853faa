package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d08_no_default_ulimits_warned[note] if {
	some note, value in {"unset": null, "empty": {}}
	findings := daemon.warn with input as testing.replace(testing.json_doc({}), "default_ulimits", value)
	lt.with_id(findings, "DKR-D08") == {{
		"id": "DKR-D08",
		"msg": "daemon.json sets no default-ulimits: containers inherit the daemon's own limits.",
		"path": ["daemon", "default_ulimits"],
	}}
}

test_d08_default_ulimits_pass if {
	findings := daemon.warn with input as testing.json_doc({"default_ulimits": {"memlock": {"soft": -1, "hard": -1}}})
	count(lt.with_id(findings, "DKR-D08")) == 0
}

test_d08_docker_info_cannot_say if {
	findings := daemon.warn with input as testing.info_doc({})
	count(lt.with_id(findings, "DKR-D08")) == 0
}
