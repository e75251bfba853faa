package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c05_host_uts_warned if {
	findings := container.warn with input as testing.compose({"namespaces": {"uts": "host"}})
	testing.with_id(findings, "DKR-C05") == {{
		"id": "DKR-C05",
		"msg": `service "web" shares the host's UTS namespace (uts host), so it sees and may change the host's hostname.`,
		"path": ["namespaces", "uts"],
	}}
}

test_c05_host_uts_warned_per_kind[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"namespaces": {"uts": "host"}})
	count(testing.with_id(findings, "DKR-C05")) == 1
}

test_c05_passes[note] if {
	some note, c in {
		"compose unset": ["compose", null],
		"container unset": ["container", null],
		"request unset": ["request", null],
		"private": ["container", "private"],
	}
	findings := container.warn with input as testing.input_for(c[0], {"namespaces": {"uts": c[1]}})
	count(testing.with_id(findings, "DKR-C05")) == 0
}
