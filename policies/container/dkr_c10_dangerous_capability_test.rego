package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c10_dangerous_capability_denied[cap] if {
	some cap in ["SYS_ADMIN", "sys_admin", "CAP_SYS_ADMIN", "cap_sys_module", "SYS_PTRACE", "NET_ADMIN", "BPF", "DAC_READ_SEARCH"]
	findings := container.deny with input as testing.compose({"cap_add": ["NET_BIND_SERVICE", cap]})
	{f.path | some f in testing.with_id(findings, "DKR-C10")} == {["cap_add", 1]}
}

test_c10_message_names_the_capability if {
	findings := container.deny with input as testing.compose({"cap_add": ["cap_sys_admin"]})
	testing.with_id(findings, "DKR-C10") == {{
		"id": "DKR-C10",
		"msg": `service "web" adds the SYS_ADMIN capability, a direct path to controlling the host kernel.`,
		"path": ["cap_add", 0],
	}}
}

test_c10_all_is_dangerous if {
	findings := container.deny with input as testing.compose({"cap_add": ["ALL"]})
	some f in testing.with_id(findings, "DKR-C10")
	f.path == ["cap_add", 0]
	contains(f.msg, "adds every capability (ALL)")
}

test_c10_one_finding_per_dangerous_capability if {
	findings := container.deny with input as testing.compose({"cap_add": ["SYS_ADMIN", "CHOWN", "SYS_MODULE"]})
	{f.path | some f in testing.with_id(findings, "DKR-C10")} == {["cap_add", 0], ["cap_add", 2]}
}

test_c10_harmless_capabilities_pass[note] if {
	some note, caps in {
		"none": [],
		"default set": ["CHOWN", "NET_BIND_SERVICE", "KILL"],
		"beyond defaults but not dangerous": ["IPC_LOCK", "SYS_NICE"],
	}
	findings := container.deny with input as testing.compose({"cap_add": caps})
	count(testing.with_id(findings, "DKR-C10")) == 0
}

test_c10_configured_list if {
	findings := container.deny with input as testing.compose({"cap_add": ["NET_RAW", "SYS_ADMIN"]})
		with data.dockpol.config as {"dangerous_capabilities": ["cap_net_raw"]}
	{f.path | some f in testing.with_id(findings, "DKR-C10")} == {["cap_add", 0]}
}
