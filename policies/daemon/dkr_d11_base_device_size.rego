package dockpol.daemon

# METADATA
# title: Base device size changed
# description: >-
#   daemon.json changes dm.basesize, the size of the devicemapper base
#   device every container's filesystem starts from. Advisory: a larger
#   base lets one container fill the thin pool for all; devicemapper itself
#   is deprecated and removed in Docker Engine 25.
# related_resources:
#   - https://docs.docker.com/engine/storage/drivers/device-mapper-driver/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D11
#   severity: low
#   action: warn
#   cis: "2.11"
#   kinds: [daemon]
#   remediation: |-
#     Remove dm.basesize from "storage-opts" in /etc/docker/daemon.json
#     unless it is needed, and plan the move to overlay2.
warn contains finding if {
	some i, opt in input.daemon.storage_opts
	startswith(lower(trim_space(opt)), "dm.basesize")
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("daemon.json changes the devicemapper base device size (%s).", [opt]),
		"path": ["daemon", "storage_opts", i],
	}
}
