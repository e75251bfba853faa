package dockpol.container

import data.dockpol.lib

# METADATA
# title: Permissive device cgroup rule
# description: >-
#   A device cgroup rule (`device_cgroup_rules`, `--device-cgroup-rule`)
#   lets the container use every device node of a whole class: type `a`
#   (all devices, whatever the numbers: `a *:* rwm`), or any major number
#   (`c *:* rwm`, `b *:* rw`). With `mknod` (CAP_MKNOD is a default
#   capability) the container can then create and open host disks and
#   memory devices. Rules for one major number (`c 189:* rmw` for USB) are
#   not judged here.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#device-cgroup-rule
#   - https://docs.docker.com/reference/compose-file/services/#device_cgroup_rules
#   - https://www.kernel.org/doc/html/latest/admin-guide/cgroup-v1/devices.html
# custom:
#   id: DKR-C23
#   severity: high
#   action: deny
#   kinds: [compose, container, request]
#   remediation: |-
#     Allow only the device type and major (and if possible minor) number the
#     service needs, or map the device itself with `devices:`:
#       device_cgroup_rules:
#         - "c 189:* rmw"
deny contains finding if {
	some i, rule in input.container.device_cgroup_rules
	what := _c23_permissive(rule)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s has the device cgroup rule %q, which allows every %s of the host.", [lib.subject, rule, what]),
		"path": ["device_cgroup_rules", i],
	}
}

_c23_permissive(rule) := "device" if {
	regex.match(`^\s*a(\s|$)`, rule)
} else := "character device" if {
	regex.match(`^\s*c\s+\*\s*:`, rule)
} else := "block device" if {
	regex.match(`^\s*b\s+\*\s*:`, rule)
}
