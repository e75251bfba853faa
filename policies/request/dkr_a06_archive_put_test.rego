package dockpol.request_test

import data.dockpol.request

test_a06_copy_into_container_warned if {
	request.warn == {{
		"id": "DKR-A06",
		"msg": `PUT /containers/web/archive copies files into container "web".`,
		"path": ["request", "endpoint"],
	}} with input as req("PUT", "/containers/web/archive", "container.archive", {"target": "web"})
}

test_a06_copy_out_passes if {
	count(request.warn) == 0 with input as req("GET", "/containers/web/archive", "read", {"target": null})
}
