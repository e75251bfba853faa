package dockpol.request_test

import data.dockpol.request

test_a01_unknown_mutating_endpoint_denied if {
	request.deny == {{
		"id": "DKR-A01",
		"msg": "POST /containers/x/frobnicate is not a known Engine API endpoint, so it is refused.",
		"path": ["request", "path"],
	}} with input as req("POST", "/containers/x/frobnicate", "unknown", {})
}

test_a01_known_or_read_passes[note] if {
	some note, doc in {
		"read": req("GET", "/anything/at/all", "read", {}),
		"known": req("POST", "/containers/x/stop", "container.lifecycle", {}),
	}
	not "DKR-A01" in ids(request.deny) with input as doc
}
