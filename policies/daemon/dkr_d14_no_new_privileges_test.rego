package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d14_off_warned[note] if {
	some note, value in {"unset": null, "false": false}
	findings := daemon.warn with input as testing.json_doc({"no_new_privileges": value})
	lt.with_id(findings, "DKR-D14") == {{
		"id": "DKR-D14",
		"msg": "daemon.json does not set no-new-privileges: containers may gain privileges through setuid binaries.",
		"path": ["daemon", "no_new_privileges"],
	}}
}

test_d14_docker_info_not_listed_warned if {
	findings := daemon.warn with input as testing.info_doc({"no_new_privileges": null})
	some f in lt.with_id(findings, "DKR-D14")
	startswith(f.msg, "docker info does not list no-new-privileges")
}

test_d14_on_passes[note] if {
	some note, doc in {"daemon.json": testing.json_doc({}), "docker info": testing.info_doc({})}
	findings := daemon.warn with input as doc
	count(lt.with_id(findings, "DKR-D14")) == 0
}
