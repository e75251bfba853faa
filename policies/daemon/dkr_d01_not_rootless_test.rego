package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d01_rootful_daemon_warned if {
	findings := daemon.warn with input as testing.info_doc({"rootless": false})
	lt.with_id(findings, "DKR-D01") == {{
		"id": "DKR-D01",
		"msg": "The Docker daemon runs as root (docker info lists no name=rootless security option).",
		"path": ["daemon", "rootless"],
	}}
}

test_d01_rootless_daemon_passes if {
	findings := daemon.warn with input as testing.info_doc({"rootless": true})
	count(lt.with_id(findings, "DKR-D01")) == 0
}

test_d01_daemon_json_alone_not_judged[note] if {
	some note, value in {"unset": null, "false": false}
	findings := daemon.warn with input as testing.json_doc({"rootless": value})
	count(lt.with_id(findings, "DKR-D01")) == 0
}
