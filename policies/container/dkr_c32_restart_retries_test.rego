package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c32_unbounded_on_failure_warned[note] if {
	some note, retries in {"no count": null, "zero": 0}
	findings := container.warn with input as testing.compose({"restart": {"policy": "on-failure", "max_retries": retries}})
	testing.with_id(findings, "DKR-C32") == {{
		"id": "DKR-C32",
		"msg": `service "web" restarts on failure without a limit on retries.`,
		"path": ["restart"],
	}}
}

test_c32_too_many_retries_warned if {
	findings := container.warn with input as testing.compose({"restart": {"policy": "on-failure", "max_retries": 10}})
	testing.with_id(findings, "DKR-C32") == {{
		"id": "DKR-C32",
		"msg": `service "web" restarts on failure up to 10 times, more than the maximum of 5.`,
		"path": ["restart"],
	}}
}

test_c32_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"restart": {"policy": "on-failure", "max_retries": null}})
	count(testing.with_id(findings, "DKR-C32")) == 1
}

test_c32_configured_maximum if {
	r := {"restart": {"policy": "on-failure", "max_retries": 10}}
	count(testing.with_id(container.warn, "DKR-C32")) == 0 with input as testing.compose(r)
		with data.dockpol.config as {"max_restart_retries": 10}
	count(testing.with_id(container.warn, "DKR-C32")) == 1 with input as testing.compose(r)
		with data.dockpol.config as {"max_restart_retries": 3}
}

test_c32_bounded_or_other_policies_pass[note] if {
	some note, restart in {
		"on-failure:5": {"policy": "on-failure", "max_retries": 5},
		"on-failure:1": {"policy": "on-failure", "max_retries": 1},
		"always": {"policy": "always", "max_retries": null},
		"unless-stopped": {"policy": "unless-stopped", "max_retries": null},
		"no": {"policy": "no", "max_retries": null},
		"not set": null,
	}
	findings := container.warn with input as testing.compose({"restart": restart})
	count(testing.with_id(findings, "DKR-C32")) == 0
}
