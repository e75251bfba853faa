package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c11_no_drop_all_warned if {
	findings := container.warn with input as testing.compose({"cap_drop": ["NET_RAW"]})
	testing.with_id(findings, "DKR-C11") == {{
		"id": "DKR-C11",
		"msg": `service "web" does not drop all capabilities (no cap_drop ALL), so it keeps Docker's default capability set.`,
		"path": ["cap_drop"],
	}}
}

test_c11_unset_warned_per_kind[note] if {
	some note, c in {
		"compose empty": ["compose", []],
		"compose null": ["compose", null],
		"inspect null": ["container", null],
		"request empty": ["request", []],
	}
	findings := container.warn with input as testing.input_for(c[0], {"cap_drop": c[1]})
	count(testing.with_id(findings, "DKR-C11")) == 1
}

test_c11_drop_all_passes[note] if {
	some note, c in {
		"compose": ["compose", ["ALL"]],
		"inspect": ["container", ["NET_RAW", "ALL"]],
		"request lower case": ["request", ["all"]],
	}
	findings := container.warn with input as testing.input_for(c[0], {"cap_drop": c[1]})
	count(testing.with_id(findings, "DKR-C11")) == 0
}

test_c11_image_absent_passes if {
	inp := testing.input_for("image", {})
	findings := container.warn with input as json.remove(inp, ["container/cap_drop"])
	count(testing.with_id(findings, "DKR-C11")) == 0
}

test_c11_null_not_judged_for_image if {
	findings := container.warn with input as testing.input_for("image", {"cap_drop": null})
	count(testing.with_id(findings, "DKR-C11")) == 0
}
