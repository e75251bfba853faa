package dockpol.request

import data.dockpol.lib

# METADATA
# description: >-
#   DKR-C26 (documented in policies/container/dkr_c26_oom_kill_disabled.rego)
#   for POST /containers/{id}/update: an update that disables the OOM
#   killer without setting a memory limit in the same request.
# custom:
#   id: DKR-C26
#   part_of: DKR-C26
#   kinds: [request]
warn contains finding if {
	endpoint == "container.update"
	input.request.update.resources.oom_kill_disable == true
	not input.request.update.resources.memory > 0
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The update of container %q disables the OOM killer without a memory limit.", [lib.or_default(input.request.target, "")]),
		"path": ["request", "update", "resources", "oom_kill_disable"],
	}
}
