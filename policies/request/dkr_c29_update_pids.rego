package dockpol.request

import data.dockpol.lib

# METADATA
# description: >-
#   DKR-C29 (documented in policies/container/dkr_c29_pids_limit.rego) for
#   POST /containers/{id}/update: an update that lifts the PIDs limit
#   (0 or -1 mean unlimited).
# custom:
#   id: DKR-C29
#   part_of: DKR-C29
#   kinds: [request]
warn contains finding if {
	endpoint == "container.update"
	pids := input.request.update.resources.pids_limit
	is_number(pids)
	pids <= 0
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The update of container %q removes its PIDs limit (pids_limit %d).", [lib.or_default(input.request.target, ""), pids]),
		"path": ["request", "update", "resources", "pids_limit"],
	}
}
