package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c13_apparmor_unconfined_denied if {
	findings := container.deny with input as testing.compose({"security": {
		"apparmor": "unconfined",
		"options": ["apparmor=unconfined"],
	}})
	testing.with_id(findings, "DKR-C13") == {{
		"id": "DKR-C13",
		"msg": `service "web" runs with AppArmor disabled (apparmor=unconfined), so no mandatory access control confines it.`,
		"path": ["security", "apparmor"],
	}}
}

test_c13_apparmor_unconfined_denied_per_kind[kind] if {
	some kind in ["container", "request"]
	findings := container.deny with input as testing.input_for(kind, {"security": {"apparmor": "unconfined"}})
	count(testing.with_id(findings, "DKR-C13")) == 1
}

_c13_inspect(apparmor_profile, daemon) := object.union(
	testing.input_for("container", {"security": {"apparmor_profile": apparmor_profile}}),
	{"document": {"daemon": daemon}},
)

test_c13_empty_profile_on_apparmor_host_denied if {
	findings := container.deny with input as _c13_inspect(null, {"apparmor": true})
	testing.with_id(findings, "DKR-C13") == {{
		"id": "DKR-C13",
		"msg": `container "web" runs without an AppArmor profile on a host that supports AppArmor, so no mandatory access control confines it.`,
		"path": ["security", "apparmor"],
	}}
}

test_c13_passes[note] if {
	some note, inp in {
		"compose unset": testing.compose({}),
		"compose custom profile": testing.compose({"security": {"apparmor": "web-profile"}}),
		"request unset": testing.input_for("request", {}),
		"inspect docker-default": _c13_inspect("docker-default", {"apparmor": true}),
		"inspect empty, host unknown": testing.input_for("container", {"security": {"apparmor_profile": null}}),
		"inspect empty, SELinux host": _c13_inspect(null, {"apparmor": false, "selinux_enabled": true}),
		"inspect privileged is C01's": object.union(_c13_inspect(null, {"apparmor": true}), {"container": {"privileged": true}}),
	}
	findings := container.deny with input as inp
	count(testing.with_id(findings, "DKR-C13")) == 0
}
