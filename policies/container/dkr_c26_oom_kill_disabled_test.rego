package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c26_oom_kill_disabled_without_limit_warned[note] if {
	some note, memory in {"not set": null, "zero means unlimited": 0}
	findings := container.warn with input as testing.compose({"resources": {"oom_kill_disable": true, "memory": memory}})
	testing.with_id(findings, "DKR-C26") == {{
		"id": "DKR-C26",
		"msg": `service "web" disables the OOM killer without a memory limit, so a host out of memory kills host processes instead.`,
		"path": ["resources", "oom_kill_disable"],
	}}
}

test_c26_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"resources": {"oom_kill_disable": true, "memory": null}})
	count(testing.with_id(findings, "DKR-C26")) == 1
}

test_c26_with_memory_limit_passes if {
	findings := container.warn with input as testing.compose({"resources": {"oom_kill_disable": true, "memory": 536870912}})
	count(testing.with_id(findings, "DKR-C26")) == 0
}

test_c26_oom_killer_enabled_passes[note] if {
	some note, value in {"not set": null, "false": false}
	findings := container.warn with input as testing.compose({"resources": {"oom_kill_disable": value, "memory": null}})
	count(testing.with_id(findings, "DKR-C26")) == 0
}
