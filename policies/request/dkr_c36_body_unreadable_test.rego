package dockpol.request_test

import data.dockpol.request

test_c36_missing_or_invalid_body_denied[state] if {
	some state in ["absent", "invalid"]
	findings := request.deny with input as req("POST", "/containers/create", "container.create", {"body": {
		"state": state, "required": true, "size": 0,
		"error": "unexpected content after JSON",
	}})
	findings == {{
		"id": "DKR-C36",
		"msg": "POST /containers/create cannot be judged, so it is refused: unexpected content after JSON.",
		"path": ["request", "body"],
	}}
}

test_c36_error_missing_names_state if {
	findings := request.deny with input as req("POST", "/containers/x/exec", "exec.create", {"body": {"state": "absent", "required": true, "size": 0, "error": null}})
	[f | some f in findings][0].msg == "POST /containers/x/exec cannot be judged, so it is refused: absent."
}

test_c36_decoded_or_not_required_passes[note] if {
	some note, body in {
		"decoded": {"state": "decoded", "required": true, "size": 40, "error": null},
		"not required": {"state": "ignored", "required": false, "size": 0, "error": null},
	}
	not "DKR-C36" in ids(request.deny) with input as req("POST", "/containers/create", "container.create", {"body": body})
}
