package dockpol.container

import data.dockpol.lib

# METADATA
# title: SELinux labeling disabled
# description: >-
#   The container turns SELinux separation off (`label=disable`, or
#   `label:disable`) or runs as the unconfined super-privileged type
#   (`label=type:spc_t`): on an SELinux host it is no longer kept from host
#   files and other containers by its MCS label. Not reported when the
#   document knows the daemon runs without SELinux (daemon fact
#   `selinux_enabled` false), where the option changes nothing. The
#   `label=disable` dockerd adds itself to privileged, host-PID and host-IPC
#   containers is not in the input.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C14
#   severity: medium
#   action: warn
#   cis: "5.3"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `label=disable` / `label=type:spc_t` from `security_opt`
#     (`--security-opt`) and relabel the host paths the container mounts
#     instead:
#       volumes: ["./data:/data:Z"]
warn contains finding if {
	some i, label in input.container.security.selinux
	label in {"disable", "type:spc_t"}
	not input.document.daemon.selinux_enabled == false
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s disables SELinux separation (label=%s), so its SELinux label no longer confines it.", [lib.subject, label]),
		"path": ["security", "selinux", i],
	}
}
