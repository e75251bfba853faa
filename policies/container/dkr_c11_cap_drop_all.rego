package dockpol.container

import data.dockpol.lib

# METADATA
# title: Capabilities not dropped (no cap_drop ALL)
# description: >-
#   The container does not drop all capabilities (`cap_drop: [ALL]`), so it
#   keeps Docker's default set (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, MKNOD,
#   SETUID, SETGID, ...) whether it needs them or not. Least privilege is to
#   drop ALL and add back only what the process uses. Not set (no cap_drop)
#   is judged for compose files, inspected containers and create requests.
# related_resources:
#   - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
#   - https://docs.docker.com/reference/compose-file/services/#cap_drop
# custom:
#   id: DKR-C11
#   severity: low
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     Drop every capability and add back only those the process needs:
#       cap_drop: [ALL]
#       cap_add: [NET_BIND_SERVICE]
#     (`docker run --cap-drop ALL --cap-add NET_BIND_SERVICE`).
warn contains finding if {
	input.container.cap_drop # set or null; absent when the input kind cannot say
	input.document.kind in rego.metadata.rule().custom.kinds
	not _c11_drops_all
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s does not drop all capabilities (no cap_drop ALL), so it keeps Docker's default capability set.", [lib.subject]),
		"path": ["cap_drop"],
	}
}

# _c11_drops_all: cap_drop holds ALL. The adapters write names upper-case
# without CAP_, so the first body settles nearly every container; the
# second accepts other spellings.
_c11_drops_all if "ALL" in input.container.cap_drop

_c11_drops_all if {
	some cap in input.container.cap_drop
	lib.cap_name(cap) == "ALL"
}
