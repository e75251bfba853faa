package dockpol.container

import data.dockpol.lib

# METADATA
# title: /proc & /sys masking disabled (systempaths=unconfined)
# description: >-
#   The container runs with `systempaths=unconfined` (empty MaskedPaths and
#   ReadonlyPaths in a create body or inspect output), or with lists that
#   leave out some of Docker's default paths (`custom`, Engine API only):
#   /proc/kcore, /proc/sysrq-trigger, /proc/sys, /sys/firmware and the other
#   paths Docker masks or makes read-only become reachable, a known escape
#   and host-disruption primitive.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
#   - https://docs.docker.com/engine/api/v1.47/#tag/Container/operation/ContainerCreate
# custom:
#   id: DKR-C17
#   severity: high
#   action: deny
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `systempaths=unconfined` from `security_opt`
#     (`--security-opt`), and send no MaskedPaths / ReadonlyPaths in API
#     requests so Docker's defaults apply.
deny contains finding if {
	some msg in _c17_unmasked
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["security", "systempaths"]}
}

_c17_unmasked contains msg if {
	input.container.security.systempaths == "unconfined"
	msg := sprintf("%s disables the masking of /proc and /sys (systempaths=unconfined), exposing host kernel interfaces such as /proc/kcore and /proc/sysrq-trigger.", [lib.subject])
}

_c17_unmasked contains msg if {
	input.container.security.systempaths == "custom"
	msg := sprintf("%s leaves some of Docker's default masked or read-only /proc and /sys paths out of MaskedPaths/ReadonlyPaths, exposing host kernel interfaces.", [lib.subject])
}
