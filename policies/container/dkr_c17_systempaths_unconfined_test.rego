package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c17_unconfined_denied if {
	findings := container.deny with input as testing.compose({"security": {
		"systempaths": "unconfined",
		"options": ["no-new-privileges=true", "systempaths=unconfined"],
	}})
	testing.with_id(findings, "DKR-C17") == {{
		"id": "DKR-C17",
		"msg": `service "web" disables the masking of /proc and /sys (systempaths=unconfined), exposing host kernel interfaces such as /proc/kcore and /proc/sysrq-trigger.`,
		"path": ["security", "systempaths"],
	}}
}

test_c17_denied_per_kind[note] if {
	some note, c in {
		"inspect empty lists": ["container", "unconfined"],
		"request empty lists": ["request", "unconfined"],
		"request custom lists": ["request", "custom"],
	}
	findings := container.deny with input as testing.input_for(c[0], {"security": {"systempaths": c[1]}})
	count(testing.with_id(findings, "DKR-C17")) == 1
}

test_c17_custom_message if {
	findings := container.deny with input as testing.input_for("container", {"security": {"systempaths": "custom"}})
	some f in testing.with_id(findings, "DKR-C17")
	startswith(f.msg, `container "web" leaves some of Docker's default masked`)
}

test_c17_defaults_pass[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.deny with input as testing.input_for(kind, {"security": {"systempaths": null}})
	count(testing.with_id(findings, "DKR-C17")) == 0
}
