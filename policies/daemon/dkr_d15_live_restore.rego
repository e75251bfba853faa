package dockpol.daemon

# METADATA
# title: Live restore disabled
# description: >-
#   Without live restore, stopping or upgrading dockerd stops every
#   container: a daemon crash or restart is an outage of all workloads.
#   Advisory. Not judged on swarm nodes, where live restore does not apply.
#   Judged from daemon.json (live-restore) and docker info
#   (LiveRestoreEnabled).
# related_resources:
#   - https://docs.docker.com/engine/daemon/live-restore/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D15
#   severity: low
#   action: warn
#   cis: "2.15"
#   kinds: [daemon]
#   remediation: |-
#     Enable it in /etc/docker/daemon.json and reload dockerd (SIGHUP):
#       {"live-restore": true}
warn contains finding if {
	live := input.daemon.live_restore
	live != true
	object.get(input.daemon, ["swarm", "local_node_state"], null) != "active"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("Live restore is off (%s): restarting the daemon stops every container.", [source("live_restore")]),
		"path": ["daemon", "live_restore"],
	}
}
