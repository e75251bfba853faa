package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c02_host_pid_denied if {
	findings := container.deny with input as testing.compose({"namespaces": {"pid": "host"}})
	testing.with_id(findings, "DKR-C02") == {{
		"id": "DKR-C02",
		"msg": `service "web" shares the host's PID namespace, so it can see and signal every process on the host.`,
		"path": ["namespaces", "pid"],
	}}
}

test_c02_other_pid_modes_pass[mode] if {
	some mode in [null, "private", "container:db"]
	findings := container.deny with input as testing.compose({"namespaces": {"pid": mode}})
	count(testing.with_id(findings, "DKR-C02")) == 0
}
