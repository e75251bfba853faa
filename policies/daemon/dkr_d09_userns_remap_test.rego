package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d09_no_userns_remap_warned if {
	findings := daemon.warn with input as testing.json_doc({"userns": null, "userns_remap": null})
	lt.with_id(findings, "DKR-D09") == {{
		"id": "DKR-D09",
		"msg": "daemon.json does not set userns-remap: root in a container is root on the host.",
		"path": ["daemon", "userns"],
	}}
}

test_d09_docker_info_without_userns_warned if {
	findings := daemon.warn with input as testing.info_doc({"userns": false, "rootless": false})
	some f in lt.with_id(findings, "DKR-D09")
	startswith(f.msg, "docker info lists no name=userns")
}

test_d09_remapped_or_rootless_passes[note] if {
	some note, doc in {
		"daemon.json remap": testing.json_doc({"userns": true, "userns_remap": "dockremap"}),
		"docker info userns": testing.info_doc({"userns": true, "rootless": false}),
		"rootless": testing.info_doc({"userns": false, "rootless": true}),
	}
	findings := daemon.warn with input as doc
	count(lt.with_id(findings, "DKR-D09")) == 0
}
