package dockpol.request

import data.dockpol.lib

# METADATA
# description: >-
#   DKR-C19 (documented in policies/container/dkr_c19_sensitive_host_path.rego)
#   for POST /volumes/create: a local-driver volume with type=none,o=bind
#   and a device is a bind of that host path in disguise, mounted
#   read-write by whichever container uses it later.
# custom:
#   id: DKR-C19
#   part_of: DKR-C19
#   kinds: [request]
deny contains finding if {
	endpoint == "volume.create"
	source := input.request.volume.bind_source
	is_string(source)
	path := lib.clean_path(source)
	match := lib.path_exposure(path, lib.sensitive_host_path_list(false))
	relation := {
		"equal": "a sensitive host path",
		"inside": sprintf("inside the sensitive host path %q", [match.path]),
		"contains": sprintf("which contains the sensitive host path %q", [match.path]),
	}[match.relation]
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("Volume %q binds host path %q read-write, %s.", [lib.or_default(input.request.volume.name, ""), source, relation]),
		"path": ["request", "volume", "driver_opts", "device"],
	}
}
