package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

minimal := {"minimal_base_images": ["gcr.io/distroless/*", "docker.io/library/alpine:*", "docker.io/library/*:*-slim*"]}

ubuntu := img("ubuntu:24.04", "library/ubuntu", "24.04", null)

test_i06_full_distribution_warned[kind] if {
	some kind in ["compose", "container"]
	findings := image.warn with input as testing.input_for(kind, ubuntu) with data.dockpol.config as minimal
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-I06") == {{
		"id": "DKR-I06",
		"msg": sprintf(`%s "web" uses image "ubuntu:24.04", which is not in minimal_base_images.`, [noun]),
		"path": ["image"],
	}}
}

test_i06_dockerfile_base_warned if {
	findings := image.warn with input as {
		"container": {"name": "Dockerfile", "image": img("python:3.12", "library/python", "3.12", null).image, "user": null},
		"document": {"kind": "image", "dockerfile": {"stages": []}},
	}
		with data.dockpol.config as minimal
	count(testing.with_id(findings, "DKR-I06")) == 1
}

test_i06_minimal_passes[note] if {
	some note, overrides in {
		"alpine": img("alpine:3.20", "library/alpine", "3.20", null),
		"slim": img("python:3.12-slim-bookworm", "library/python", "3.12-slim-bookworm", null),
		"distroless": {"image": {"ref": "gcr.io/distroless/static-debian12", "registry": "gcr.io", "repository": "distroless/static-debian12", "tag": null, "digest": null}},
	}
	findings := image.warn with input as testing.compose(overrides) with data.dockpol.config as minimal
	count(testing.with_id(findings, "DKR-I06")) == 0
}

test_i06_off_until_configured if {
	findings := image.warn with input as testing.compose(ubuntu)
	count(testing.with_id(findings, "DKR-I06")) == 0
}

test_i06_not_judged[note] if {
	some note, doc in {
		"request": testing.input_for("request", ubuntu),
		"build": testing.compose(object.union(ubuntu, {"build": {"context": ".", "dockerfile": "Dockerfile"}})),
		"image inspect": {"container": {"name": "ubuntu:24.04", "image": ubuntu.image}, "document": {"kind": "image"}},
	}
	findings := image.warn with input as doc with data.dockpol.config as minimal
	count(testing.with_id(findings, "DKR-I06")) == 0
}
