package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c31_cgroup_parent_warned if {
	findings := container.warn with input as testing.compose({"cgroup_parent": "/custom"})
	testing.with_id(findings, "DKR-C31") == {{
		"id": "DKR-C31",
		"msg": `service "web" runs under the cgroup parent "/custom" instead of the daemon's.`,
		"path": ["cgroup_parent"],
	}}
}

test_c31_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"cgroup_parent": "user.slice"})
	count(testing.with_id(findings, "DKR-C31")) == 1
}

test_c31_default_passes[note] if {
	some note, value in {"not set": null, "empty": ""}
	findings := container.warn with input as testing.compose({"cgroup_parent": value})
	count(testing.with_id(findings, "DKR-C31")) == 0
}
