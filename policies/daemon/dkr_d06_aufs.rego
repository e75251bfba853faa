package dockpol.daemon

# METADATA
# title: aufs storage driver
# description: >-
#   The daemon stores images and containers with aufs, a deprecated driver
#   (removed in Docker Engine 24) that is not in the mainline kernel and has
#   a history of kernel crashes and security bugs. Judged from daemon.json
#   (storage-driver) and docker info (Driver).
# related_resources:
#   - https://docs.docker.com/engine/storage/drivers/select-storage-driver/
#   - https://docs.docker.com/engine/deprecated/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D06
#   severity: medium
#   action: warn
#   cis: "2.6"
#   kinds: [daemon]
#   remediation: |-
#     Move to overlay2 (the default on every current distribution): export
#     what must be kept, set {"storage-driver": "overlay2"} or remove the key
#     from /etc/docker/daemon.json, restart dockerd and pull or rebuild.
warn contains finding if {
	input.daemon.storage_driver == "aufs"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The daemon uses the deprecated aufs storage driver (%s).", [source("storage_driver")]),
		"path": ["daemon", "storage_driver"],
	}
}
