package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

c30_with_daemon(kind, overrides, default_ulimits) := object.union(
	testing.input_for(kind, overrides),
	{"document": {"daemon": {"default_ulimits": default_ulimits}}},
)

test_c30_no_ulimits_and_no_daemon_default_warned[note] if {
	some note, daemon_default in {"daemon default not set": null, "daemon default empty": {}}
	findings := container.warn with input as c30_with_daemon("compose", {"ulimits": {}}, daemon_default)
	testing.with_id(findings, "DKR-C30") == {{
		"id": "DKR-C30",
		"msg": `service "web" sets no ulimits, and the daemon has no default-ulimits, so it inherits dockerd's limits.`,
		"path": ["ulimits"],
	}}
}

test_c30_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as c30_with_daemon(kind, {"ulimits": {}}, null)
	count(testing.with_id(findings, "DKR-C30")) == 1
}

test_c30_null_ulimits_warned if {
	findings := container.warn with input as c30_with_daemon("compose", {"ulimits": null}, null)
	count(testing.with_id(findings, "DKR-C30")) == 1
}

test_c30_required_by_configuration_warned if {
	findings := container.warn with input as testing.compose({"ulimits": {}})
		with data.dockpol.config as {"require_container_ulimits": true}
	testing.with_id(findings, "DKR-C30") == {{
		"id": "DKR-C30",
		"msg": `service "web" sets no ulimits, so it runs with the daemon's default ulimits.`,
		"path": ["ulimits"],
	}}
}

test_c30_daemon_unknown_passes if {
	findings := container.warn with input as testing.compose({"ulimits": {}})
	count(testing.with_id(findings, "DKR-C30")) == 0
}

test_c30_daemon_default_set_passes if {
	findings := container.warn with input as c30_with_daemon("compose", {"ulimits": {}}, {"nofile": {"soft": 1024, "hard": 2048}})
	count(testing.with_id(findings, "DKR-C30")) == 0
}

test_c30_container_ulimits_pass if {
	u := {"nofile": {"soft": 1024, "hard": 2048}}
	findings := container.warn with input as c30_with_daemon("compose", {"ulimits": u}, null)
		with data.dockpol.config as {"require_container_ulimits": true}
	count(testing.with_id(findings, "DKR-C30")) == 0
}

test_c30_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["ulimits"]),
		"document": {"kind": "image", "daemon": {"default_ulimits": null}},
	}
	count(testing.with_id(findings, "DKR-C30")) == 0
}
