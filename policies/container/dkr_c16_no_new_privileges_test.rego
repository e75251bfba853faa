package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c16_not_set_warned if {
	findings := container.warn with input as testing.compose({"security": {"no_new_privileges": null, "options": null}})
	testing.with_id(findings, "DKR-C16") == {{
		"id": "DKR-C16",
		"msg": `service "web" does not set no-new-privileges, so setuid binaries inside it can raise privileges.`,
		"path": ["security", "no_new_privileges"],
	}}
}

test_c16_false_warned if {
	findings := container.warn with input as testing.input_for("container", {"security": {
		"no_new_privileges": false,
		"options": ["no-new-privileges=false"],
	}})
	testing.with_id(findings, "DKR-C16") == {{
		"id": "DKR-C16",
		"msg": `container "web" sets no-new-privileges=false, so setuid binaries inside it can raise privileges.`,
		"path": ["security", "no_new_privileges"],
	}}
}

test_c16_warned_per_kind[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"security": {"no_new_privileges": null}})
	count(testing.with_id(findings, "DKR-C16")) == 1
}

test_c16_satisfied_daemon_wide if {
	inp := testing.input_for("container", {"security": {"no_new_privileges": null}})
	findings := container.warn with input as object.union(inp, {"document": {"daemon": {"no_new_privileges": true}}})
	count(testing.with_id(findings, "DKR-C16")) == 0
}

test_c16_passes[note] if {
	some note, c in {
		"compose set": ["compose", true],
		"inspect set": ["container", true],
		"request set": ["request", true],
		"image not judged": ["image", null],
	}
	findings := container.warn with input as testing.input_for(c[0], {"security": {"no_new_privileges": c[1]}})
	count(testing.with_id(findings, "DKR-C16")) == 0
}
