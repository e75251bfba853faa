package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host device mapped into container
# description: >-
#   The container gets direct access to a host device node (`devices`,
#   `--device`). Every mapped device is a path around the kernel's
#   isolation; host memory (/dev/mem, /dev/kmem, /dev/port) and raw disks
#   (/dev/sd*, /dev/nvme*, /dev/vd*, /dev/xvd*, /dev/hd*, /dev/mmcblk*,
#   /dev/dm-*, /dev/mapper/*, /dev/loop*, /dev/md*) give the container the
#   host outright, and the message says so. A warning, as GPUs, serial
#   adapters and FUSE are legitimate; waive the rule for them.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#device
#   - https://docs.docker.com/reference/compose-file/services/#devices
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C22
#   severity: medium
#   action: warn
#   cis: "5.18"
#   kinds: [compose, container, request]
#   remediation: |-
#     Map only the device the service needs, with the least permissions
#     (r, w, m), and never host memory or disks:
#       devices:
#         - "/dev/ttyUSB0:/dev/ttyUSB0:rw"
warn contains finding if {
	some i, device in input.container.devices
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s maps the host device %q into the container%s.", [lib.subject, device.host_path, _c22_impact(device.host_path)]),
		"path": ["devices", i, "host_path"],
	}
}

_c22_impact(p) := ", which gives it the host's memory" if {
	p in {"/dev/mem", "/dev/kmem", "/dev/port"}
} else := ", which gives it a raw host disk" if {
	regex.match(`^/dev/(sd[a-z]|nvme[0-9]|vd[a-z]|xvd[a-z]|hd[a-z]|mmcblk[0-9]|dm-[0-9]|mapper/|loop[0-9]|md[0-9])`, p)
} else := ""
