package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

test_i02_tag_without_digest_warned[kind] if {
	some kind in ["compose", "container", "request"]
	findings := image.warn with input as testing.input_for(kind, {})
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-I02") == {{
		"id": "DKR-I02",
		"msg": sprintf(`%s "web" uses image "nginx:1.27" without a digest, so the tag can be re-pointed to different content.`, [noun]),
		"path": ["image"],
	}}
}

test_i02_dockerfile_base_warned if {
	findings := image.warn with input as {
		"container": {"name": "Dockerfile", "image": img("alpine:3.20", "library/alpine", "3.20", null).image, "user": null},
		"document": {"kind": "image", "dockerfile": {"stages": []}},
	}
	count(testing.with_id(findings, "DKR-I02")) == 1
}

test_i02_passes[note] if {
	some note, overrides in {
		"digest": img(concat("@", ["nginx", digest]), "library/nginx", null, digest),
		"tag and digest": img(concat("@", ["nginx:1.27", digest]), "library/nginx", "1.27", digest),
		"image ID": {"image": {"ref": "0123456789ab", "registry": null, "repository": null, "tag": null, "digest": null}},
		"build only": {"image": null, "build": {"context": "./app", "dockerfile": "Dockerfile"}},
		"image names what build produces": object.union(
			img("shop/app:1", "shop/app", "1", null),
			{"build": {"context": "./app", "dockerfile": "Dockerfile"}},
		),
		"unresolved build arg": img("golang:${GO}", "library/golang", "${GO}", null),
	}
	findings := image.warn with input as testing.compose(overrides)
	count(testing.with_id(findings, "DKR-I02")) == 0
}

test_i02_image_inspect_not_judged if {
	findings := image.warn with input as {
		"container": {"name": "nginx:1.27", "image": img("nginx:1.27", "library/nginx", "1.27", null).image, "user": "101"},
		"document": {"kind": "image"},
	}
	count(testing.with_id(findings, "DKR-I02")) == 0
}
