package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d21_unset_warned if {
	findings := daemon.warn with input as testing.json_doc({"ip": null})
	lt.with_id(findings, "DKR-D21") == {{
		"id": "DKR-D21",
		"msg": "daemon.json does not set ip, so ports published without a host address bind to all interfaces (0.0.0.0).",
		"path": ["daemon", "ip"],
	}}
}

test_d21_all_interfaces_warned[ip] if {
	some ip in ["0.0.0.0", "::"]
	findings := daemon.warn with input as testing.json_doc({"ip": ip})
	count(lt.with_id(findings, "DKR-D21")) == 1
}

test_d21_specific_address_passes[ip] if {
	some ip in ["127.0.0.1", "10.0.0.5", "::1"]
	findings := daemon.warn with input as testing.json_doc({"ip": ip})
	count(lt.with_id(findings, "DKR-D21")) == 0
}

test_d21_docker_info_cannot_say if {
	findings := daemon.warn with input as testing.info_doc({})
	count(lt.with_id(findings, "DKR-D21")) == 0
}
