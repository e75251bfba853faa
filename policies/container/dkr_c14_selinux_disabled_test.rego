package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c14_label_disable_warned if {
	findings := container.warn with input as testing.compose({"security": {
		"selinux": ["disable"],
		"options": ["no-new-privileges=true", "label=disable"],
	}})
	testing.with_id(findings, "DKR-C14") == {{
		"id": "DKR-C14",
		"msg": `service "web" disables SELinux separation (label=disable), so its SELinux label no longer confines it.`,
		"path": ["security", "selinux", 0],
	}}
}

test_c14_warned_per_kind[note] if {
	some note, c in {
		"inspect spc_t": ["container", ["level:s0", "type:spc_t"]],
		"request disable": ["request", ["disable"]],
	}
	findings := container.warn with input as testing.input_for(c[0], {"security": {"selinux": c[1]}})
	count(testing.with_id(findings, "DKR-C14")) == 1
}

test_c14_warned_on_selinux_host if {
	inp := testing.input_for("container", {"security": {"selinux": ["disable"]}})
	findings := container.warn with input as object.union(inp, {"document": {"daemon": {"selinux_enabled": true}}})
	count(testing.with_id(findings, "DKR-C14")) == 1
}

test_c14_not_warned_without_selinux if {
	inp := testing.input_for("container", {"security": {"selinux": ["disable"]}})
	findings := container.warn with input as object.union(inp, {"document": {"daemon": {"selinux_enabled": false}}})
	count(testing.with_id(findings, "DKR-C14")) == 0
}

test_c14_passes[note] if {
	some note, c in {
		"compose unset": ["compose", null],
		"inspect level only": ["container", ["level:s0:c100,c200"]],
		"request custom type": ["request", ["type:svirt_apache_t"]],
	}
	findings := container.warn with input as testing.input_for(c[0], {"security": {"selinux": c[1]}})
	count(testing.with_id(findings, "DKR-C14")) == 0
}
