package dockpol.request

import data.dockpol.lib

# METADATA
# description: >-
#   DKR-I03 (documented in policies/image/dkr_i03_untrusted_registry.rego)
#   for POST /images/create?fromImage=: a pull from a registry or namespace
#   that is not in data.dockpol.config.trusted_registries. Off until that
#   list is configured.
# custom:
#   id: DKR-I03
#   part_of: DKR-I03
#   kinds: [request]
warn contains finding if {
	endpoint == "image.pull"
	trusted := object.get(lib.config, "trusted_registries", null)
	is_array(trusted)
	image := input.request.image
	name := concat("/", [image.registry, image.repository])
	not lib.trusted_image_name(name, trusted)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The pull of image %q from %s is not from a registry in trusted_registries.", [image.ref, image.registry]),
		"path": ["request", "image"],
	}
}
