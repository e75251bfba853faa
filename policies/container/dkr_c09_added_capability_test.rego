package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c09_extra_capability_warned if {
	findings := container.warn with input as testing.compose({"cap_add": ["NET_BIND_SERVICE", "SYS_NICE"]})
	testing.with_id(findings, "DKR-C09") == {{
		"id": "DKR-C09",
		"msg": `service "web" adds the SYS_NICE capability, which is not in Docker's default set.`,
		"path": ["cap_add", 1],
	}}
}

test_c09_spellings_warned_per_kind[note] if {
	some note, c in {
		"inspect": ["container", "IPC_LOCK"],
		"request": ["request", "IPC_LOCK"],
		"lower case": ["compose", "ipc_lock"],
		"CAP_ prefix": ["compose", "CAP_IPC_LOCK"],
	}
	findings := container.warn with input as testing.input_for(c[0], {"cap_add": [c[1]]})
	some f in testing.with_id(findings, "DKR-C09")
	contains(f.msg, "adds the IPC_LOCK capability")
}

test_c09_passes[note] if {
	some note, c in {
		"compose defaults": ["compose", ["CHOWN", "NET_BIND_SERVICE", "cap_kill", "setuid"]],
		"inspect none": ["container", []],
		"request null": ["request", null],
		"dangerous left to C10": ["compose", ["SYS_ADMIN", "ALL"]],
	}
	findings := container.warn with input as testing.input_for(c[0], {"cap_add": c[1]})
	count(testing.with_id(findings, "DKR-C09")) == 0
}

test_c09_allowed_capability_passes if {
	findings := container.warn with input as testing.compose({"cap_add": ["SYS_NICE"]})
		with data.dockpol.config.allowed_capabilities as ["cap_sys_nice"]
	count(testing.with_id(findings, "DKR-C09")) == 0
}
