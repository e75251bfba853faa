package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d16_unset_warned if {
	findings := daemon.warn with input as testing.json_doc({"userland_proxy": null})
	lt.with_id(findings, "DKR-D16") == {{
		"id": "DKR-D16",
		"msg": "daemon.json does not set userland-proxy, so dockerd's default applies: a root docker-proxy process runs for every published port.",
		"path": ["daemon", "userland_proxy"],
	}}
}

test_d16_true_warned if {
	findings := daemon.warn with input as testing.json_doc({"userland_proxy": true})
	count(lt.with_id(findings, "DKR-D16")) == 1
}

test_d16_false_passes if {
	findings := daemon.warn with input as testing.json_doc({"userland_proxy": false})
	count(lt.with_id(findings, "DKR-D16")) == 0
}

test_d16_docker_info_cannot_say if {
	findings := daemon.warn with input as testing.info_doc({})
	count(lt.with_id(findings, "DKR-D16")) == 0
}
