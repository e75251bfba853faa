package dockpol.container

import data.dockpol.lib

# METADATA
# title: Capabilities added beyond Docker default set
# description: >-
#   The container adds a capability outside Docker's default set (CHOWN,
#   DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP,
#   SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE): each extra
#   capability widens the kernel attack surface. Names are compared
#   case-insensitively, with or without a CAP_ prefix. Capabilities the
#   deployment needs can be accepted with
#   data.dockpol.config.allowed_capabilities (default none). Capabilities
#   DKR-C10 denies (data.dockpol.config.dangerous_capabilities) are left to
#   it, so one capability gets one finding.
# related_resources:
#   - https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities
#   - https://docs.docker.com/reference/compose-file/services/#cap_add
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C09
#   severity: medium
#   action: warn
#   cis: "5.4"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove the capability from `cap_add` (`--cap-add`) unless the process
#     needs it; start from none and add back only what it needs:
#       cap_drop: [ALL]
#       cap_add: [NET_BIND_SERVICE]
#     or accept it deployment-wide in the configuration:
#       allowed_capabilities: [SYS_NICE]
warn contains finding if {
	some i, cap in input.container.cap_add
	name := lib.cap_name(cap)
	not name in lib.container_allowed_capabilities
	not name in lib.dangerous_capabilities
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s adds the %s capability, which is not in Docker's default set.", [lib.subject, name]),
		"path": ["cap_add", i],
	}
}
