# Fixtures for the request rules' tests: a request document as
# inputs/request builds it (docs/authz.md).
package dockpol.request_test

import data.dockpol.request

# req is a request document for endpoint, with fields of input.request
# replaced by extra.
req(method, path, endpoint, extra) := {
	"schema": "dockpol/v1",
	"kind": "request",
	"source": {"path": sprintf("%s %s", [method, path]), "adapter": "authz"},
	"request": object.union(
		{
			"method": method,
			"path": path,
			"api_version": "1.47",
			"query": {},
			"headers": {},
			"user": null,
			"auth_method": null,
			"endpoint": endpoint,
			"mutating": {true: false, false: true}[method in {"GET", "HEAD"}],
			"target": null,
			"body": {"state": "ignored", "required": false, "size": 0, "error": null},
		},
		extra,
	),
}

ids(findings) := {f.id | some f in findings}

test_what_names_the_request if {
	request.what == "POST /containers/create" with input as req("POST", "/containers/create", "container.create", {})
	request.what == "POST (unreadable path)" with input as req("POST", null, "unknown", {"path": null})
}

test_read_requests_pass if {
	count(request.deny) == 0 with input as req("GET", "/containers/json", "read", {})
	count(request.warn) == 0 with input as req("HEAD", "/_ping", "read", {})
}
