package dockpol.request_test

import data.dockpol.request

pull(ref, registry, repository) := req("POST", "/images/create", "image.pull", {
	"query": {"fromImage": ref},
	"image": {"ref": ref, "registry": registry, "repository": repository, "tag": null, "digest": null},
})

test_i03_pull_from_untrusted_registry_warned if {
	findings := request.warn with input as pull("ghcr.io/evil/app", "ghcr.io", "evil/app")
		with data.dockpol.config as {"trusted_registries": ["docker.io/library"]}
	findings == {{
		"id": "DKR-I03",
		"msg": `The pull of image "ghcr.io/evil/app" from ghcr.io is not from a registry in trusted_registries.`,
		"path": ["request", "image"],
	}}
}

test_i03_pull_trusted_or_unconfigured_passes if {
	count(request.warn) == 0 with input as pull("nginx", "docker.io", "library/nginx")
		with data.dockpol.config as {"trusted_registries": ["docker.io/library"]}
	count(request.warn) == 0 with input as pull("ghcr.io/evil/app", "ghcr.io", "evil/app")
}
