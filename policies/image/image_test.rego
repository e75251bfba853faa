package dockpol.image_test

import data.dockpol.image

test_reference_view_compose_image if {
	image.reference_view with input as {"container": {"name": "web", "image": {"ref": "nginx:1"}, "build": null}, "document": {"kind": "compose"}}
}

test_reference_view_not_for_build_services if {
	not image.reference_view with input as {"container": {"name": "web", "image": {"ref": "shop/web"}, "build": {"context": "."}}, "document": {"kind": "compose"}}
}

test_reference_view_dockerfile_base if {
	image.reference_view with input as {"container": {"name": "Dockerfile", "image": {"ref": "alpine:3"}}, "document": {"kind": "image", "dockerfile": {"stages": []}}}
}

test_reference_view_not_for_image_inspect if {
	not image.reference_view with input as {"container": {"name": "img", "image": {"ref": "sha256:abc"}}, "document": {"kind": "image"}}
}

test_named_reference if {
	image.named_reference == "docker.io/library/nginx" with input as {"container": {"image": {"ref": "nginx:1", "registry": "docker.io", "repository": "library/nginx"}}}
}

test_named_reference_unresolved_arg if {
	not image.named_reference with input as {"container": {"image": {"ref": "${BASE}", "registry": "docker.io", "repository": "library/${BASE}"}}}
}
