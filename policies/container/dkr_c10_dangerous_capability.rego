package dockpol.container

import data.dockpol.lib

# METADATA
# title: Dangerous capability added
# description: >-
#   The container adds a capability that is a direct escape or kernel-control
#   primitive (SYS_ADMIN mounts filesystems, SYS_MODULE loads kernel modules,
#   SYS_PTRACE reads other processes, DAC_READ_SEARCH opens host files by
#   handle, ALL grants everything). Denied: ALL, SYS_ADMIN, SYS_MODULE,
#   SYS_PTRACE, DAC_READ_SEARCH, SYS_RAWIO, NET_ADMIN, BPF, PERFMON,
#   SYS_BOOT, SYS_TIME, MAC_ADMIN, MAC_OVERRIDE, SYSLOG; configurable as
#   data.dockpol.config.dangerous_capabilities. Names are compared
#   case-insensitively, with or without a CAP_ prefix.
# related_resources:
#   - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
#   - https://man7.org/linux/man-pages/man7/capabilities.7.html
# custom:
#   id: DKR-C10
#   severity: high
#   action: deny
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove the capability from `cap_add` (`--cap-add`). Start from no
#     capabilities and add back only what the process needs:
#       cap_drop: [ALL]
#       cap_add: [NET_BIND_SERVICE]
deny contains finding if {
	some i, cap in input.container.cap_add
	name := lib.cap_name(cap)
	name in lib.dangerous_capabilities
	what := object.get({"ALL": "every capability (ALL)"}, name, sprintf("the %s capability", [name]))
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s adds %s, a direct path to controlling the host kernel.", [lib.subject, what]),
		"path": ["cap_add", i],
	}
}
