package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

verified := {"verified_image_digests": [digest]}

other_digest := "sha256:1111111111111111111111111111111111111111111111111111111111111111"

test_i04_unpinned_warned[kind] if {
	some kind in ["compose", "request"]
	findings := image.warn with input as testing.input_for(kind, {}) with data.dockpol.config as verified
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-I04") == {{
		"id": "DKR-I04",
		"msg": sprintf(`%s "web" uses image "nginx:1.27" without a digest, so no verified signature can be bound to it.`, [noun]),
		"path": ["image"],
	}}
}

test_i04_unverified_digest_warned if {
	findings := image.warn with input as testing.compose(img(concat("@", ["nginx:1.27", other_digest]), "library/nginx", "1.27", other_digest))
		with data.dockpol.config as verified
	some f in testing.with_id(findings, "DKR-I04")
	endswith(f.msg, "whose digest is not in verified_image_digests.")
}

test_i04_dockerfile_base_warned if {
	findings := image.warn with input as {
		"container": {"name": "Dockerfile", "image": img("alpine:3.20", "library/alpine", "3.20", null).image, "user": null},
		"document": {"kind": "image", "dockerfile": {"stages": []}},
	}
		with data.dockpol.config as verified
	count(testing.with_id(findings, "DKR-I04")) == 1
}

test_i04_passes[note] if {
	some note, tc in {
		"verified digest": [img(concat("@", ["nginx:1.27", digest]), "library/nginx", "1.27", digest), verified],
		"verified digest, upper case": [img(concat("@", ["nginx", digest]), "library/nginx", null, digest), {"verified_image_digests": [upper(digest)]}],
		"off until configured": [{}, {}],
		"build": [{"build": {"context": ".", "dockerfile": "Dockerfile"}}, verified],
	}
	[overrides, config] := tc
	findings := image.warn with input as testing.compose(overrides) with data.dockpol.config as config
	count(testing.with_id(findings, "DKR-I04")) == 0
}

test_i04_inspect_not_judged if {
	# docker inspect gives the image ID, not the repository digest.
	findings := image.warn with input as testing.input_for("container", {}) with data.dockpol.config as verified
	count(testing.with_id(findings, "DKR-I04")) == 0
}
