package dockpol.request_test

import data.dockpol.request

test_a07_tunnels_warned[endpoint] if {
	some endpoint in ["session", "grpc"]
	request.warn == {{
		"id": "DKR-A07",
		"msg": sprintf("POST /%s opens a BuildKit tunnel whose requests the authorization plugin cannot see.", [endpoint]),
		"path": ["request", "endpoint"],
	}} with input as req("POST", sprintf("/%s", [endpoint]), endpoint, {})
}

test_a07_build_itself_is_a05 if {
	not "DKR-A07" in ids(request.warn) with input as req("POST", "/build", "image.build", {})
}
