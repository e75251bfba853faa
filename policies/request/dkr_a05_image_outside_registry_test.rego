package dockpol.request_test

import data.dockpol.request

test_a05_local_images_warned[endpoint] if {
	some endpoint in ["image.build", "image.import", "image.load", "image.commit"]
	request.warn == {{
		"id": "DKR-A05",
		"msg": "POST /build creates an image on the host rather than pulling it from a registry.",
		"path": ["request", "endpoint"],
	}} with input as req("POST", "/build", endpoint, {})
}

test_a05_pull_passes if {
	count(request.warn) == 0 with input as req("POST", "/images/create", "image.pull", {"image": {"ref": "nginx:1", "registry": "docker.io", "repository": "library/nginx", "tag": "1", "digest": null}})
}
