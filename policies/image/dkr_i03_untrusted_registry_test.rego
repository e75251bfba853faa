package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

ghcr := {"image": {"ref": "ghcr.io/evil/app:1", "registry": "ghcr.io", "repository": "evil/app", "tag": "1", "digest": null}}

test_i03_untrusted_registry_warned[kind] if {
	some kind in ["compose", "container", "request"]
	findings := image.warn with input as testing.input_for(kind, ghcr)
		with data.dockpol.config as {"trusted_registries": ["registry.example.com", "docker.io/library"]}
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-I03") == {{
		"id": "DKR-I03",
		"msg": sprintf(`%s "web" uses image "ghcr.io/evil/app:1" from ghcr.io, which is not in trusted_registries.`, [noun]),
		"path": ["image"],
	}}
}

test_i03_namespace_is_not_a_prefix_of_another if {
	# docker.io/libraryx is not inside docker.io/library.
	findings := image.warn with input as testing.compose({"image": {"ref": "libraryx/app:1", "registry": "docker.io", "repository": "libraryx/app"}})
		with data.dockpol.config as {"trusted_registries": ["docker.io/library"]}
	count(testing.with_id(findings, "DKR-I03")) == 1
}

test_i03_dockerfile_base_warned if {
	findings := image.warn with input as {
		"container": {"name": "Dockerfile", "image": ghcr.image, "user": null},
		"document": {"kind": "image", "dockerfile": {"stages": []}},
	}
		with data.dockpol.config as {"trusted_registries": ["docker.io"]}
	count(testing.with_id(findings, "DKR-I03")) == 1
}

test_i03_trusted_passes[note] if {
	some note, trusted in {
		"registry": ["docker.io"],
		"namespace": ["docker.io/library"],
		"namespace glob": ["docker.io/library/*"],
		"case and trailing slash": ["Docker.io/Library/"],
		"whole repository": ["docker.io/library/nginx"],
	}
	findings := image.warn with input as testing.compose({}) with data.dockpol.config as {"trusted_registries": trusted}
	count(testing.with_id(findings, "DKR-I03")) == 0
}

test_i03_off_until_configured if {
	findings := image.warn with input as testing.compose(ghcr)
	count(testing.with_id(findings, "DKR-I03")) == 0
}

test_i03_skipped_references[note] if {
	some note, overrides in {
		"build": object.union(ghcr, {"build": {"context": ".", "dockerfile": "Dockerfile"}}),
		"image ID": {"image": {"ref": "0123456789ab", "registry": null, "repository": null, "tag": null, "digest": null}},
		"no image": {"image": null, "build": {"context": ".", "dockerfile": "Dockerfile"}},
	}
	findings := image.warn with input as testing.compose(overrides)
		with data.dockpol.config as {"trusted_registries": ["registry.example.com"]}
	count(testing.with_id(findings, "DKR-I03")) == 0
}
