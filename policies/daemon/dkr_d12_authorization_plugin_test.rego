package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d12_no_plugin_warned[note] if {
	some note, value in {"unset": null, "empty": []}
	findings := daemon.warn with input as testing.json_doc({"authorization_plugins": value})
	lt.with_id(findings, "DKR-D12") == {{
		"id": "DKR-D12",
		"msg": "The daemon has no authorization plugin (daemon.json): API calls are not policy-checked.",
		"path": ["daemon", "authorization_plugins"],
	}}
}

test_d12_docker_info_without_plugin_warned if {
	findings := daemon.warn with input as testing.info_doc({"authorization_plugins": []})
	some f in lt.with_id(findings, "DKR-D12")
	contains(f.msg, "(docker info)")
}

test_d12_plugin_passes if {
	findings := daemon.warn with input as testing.info_doc({"authorization_plugins": ["opa-docker-authz"]})
	count(lt.with_id(findings, "DKR-D12")) == 0
}
