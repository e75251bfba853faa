package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c15_no_options_warned if {
	findings := container.warn with input as testing.compose({"security": {"no_new_privileges": null, "options": null}})
	f15 := testing.with_id(findings, "DKR-C15")
	f15 == {{
		"id": "DKR-C15",
		"msg": `service "web" sets no security options, so nothing hardens it beyond Docker's defaults.`,
		"path": ["security", "options"],
	}}
}

test_c15_warned_per_kind[note] if {
	some note, c in {
		"inspect null": ["container", null],
		"request empty": ["request", []],
		"compose empty": ["compose", []],
	}
	findings := container.warn with input as testing.input_for(c[0], {"security": {"options": c[1]}})
	count(testing.with_id(findings, "DKR-C15")) == 1
}

test_c15_passes[note] if {
	some note, c in {
		"compose nnp": ["compose", ["no-new-privileges=true"]],
		"inspect seccomp": ["container", ["seccomp=inline"]],
		"request apparmor": ["request", ["apparmor=web-profile"]],
		"image null not judged": ["image", null],
	}
	findings := container.warn with input as testing.input_for(c[0], {"security": {"options": c[1]}})
	count(testing.with_id(findings, "DKR-C15")) == 0
}
