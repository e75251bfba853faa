package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d17_unconfined_denied if {
	findings := daemon.deny with input as testing.json_doc({"seccomp_profile": "unconfined"})
	lt.with_id(findings, "DKR-D17") == {{
		"id": "DKR-D17",
		"msg": "The daemon's default seccomp profile is unconfined (daemon.json): containers run without a system call filter.",
		"path": ["daemon", "seccomp_profile"],
	}}
}

test_d17_unconfined_in_docker_info_denied if {
	findings := daemon.deny with input as testing.info_doc({"seccomp_profile": "unconfined"})
	count(lt.with_id(findings, "DKR-D17")) == 1
}

test_d17_default_and_custom_pass[note] if {
	some note, profile in {"unset": null, "builtin": "builtin", "default": "default", "custom": "/etc/docker/seccomp.json"}
	findings := daemon.deny with input as testing.json_doc({"seccomp_profile": profile})
	count(lt.with_id(findings, "DKR-D17")) == 0
}
