package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c01_privileged_denied if {
	findings := container.deny with input as testing.compose({"privileged": true})
	testing.with_id(findings, "DKR-C01") == {{
		"id": "DKR-C01",
		"msg": `service "web" runs privileged: it has every capability and device of the host.`,
		"path": ["privileged"],
	}}
}

test_c01_privileged_request_names_the_container if {
	findings := container.deny with input as testing.input_for("request", {"privileged": true})
	some f in testing.with_id(findings, "DKR-C01")
	startswith(f.msg, `container "web" runs privileged`)
}

test_c01_not_privileged_passes[note] if {
	some note, value in {"false": false, "not set": null}
	findings := container.deny with input as testing.compose({"privileged": value})
	count(testing.with_id(findings, "DKR-C01")) == 0
}
