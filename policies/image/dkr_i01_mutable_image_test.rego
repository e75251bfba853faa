package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

img(ref, repository, tag, digest) := {"image": {
	"ref": ref,
	"registry": "docker.io",
	"repository": repository,
	"tag": tag,
	"digest": digest,
}}

digest := "sha256:0000000000000000000000000000000000000000000000000000000000000000"

test_i01_mutable_reference_warned[note] if {
	some note, tc in {
		"no tag": [
			img("nginx", "library/nginx", null, null),
			`service "web" uses image "nginx" without a tag or digest, which pulls whatever "latest" points to.`,
		],
		"latest": [
			img("nginx:latest", "library/nginx", "latest", null),
			`service "web" uses image "nginx:latest", whose "latest" tag moves with every upstream release.`,
		],
	}
	[overrides, want] := tc
	findings := image.warn with input as testing.compose(overrides)
	testing.with_id(findings, "DKR-I01") == {{"id": "DKR-I01", "msg": want, "path": ["image"]}}
}

test_i01_pinned_reference_passes[note] if {
	some note, overrides in {
		"version tag": img("nginx:1.27", "library/nginx", "1.27", null),
		"digest": img(concat("@", ["nginx", digest]), "library/nginx", null, digest),
		"latest pinned by digest": img(concat("@", ["nginx:latest", digest]), "library/nginx", "latest", digest),
		"build only": {"image": null, "build": {"context": "./app", "dockerfile": "Dockerfile"}},
		"image names what build produces": object.union(
			img("shop/app", "shop/app", null, null),
			{"build": {"context": "./app", "dockerfile": "Dockerfile"}},
		),
	}
	findings := image.warn with input as testing.compose(overrides)
	count(testing.with_id(findings, "DKR-I01")) == 0
}

test_i01_request_without_build_key_warned if {
	overrides := img("registry.example.com/team/app", "team/app", null, null)
	findings := image.warn with input as {
		"container": object.remove(testing.container(overrides), ["build"]),
		"document": {"kind": "request"},
	}
	count(testing.with_id(findings, "DKR-I01")) == 1
}

test_i01_tag_from_a_variable_passes if {
	# frappe_docker: image: frappe/erpnext:${ERPNEXT_VERSION} with the
	# variable unset; the version is chosen at deploy time
	findings := image.warn with input as testing.compose(img("frappe/erpnext:${ERPNEXT_VERSION}", "frappe/erpnext", "${ERPNEXT_VERSION}", null))
	count(testing.with_id(findings, "DKR-I01")) == 0
}
