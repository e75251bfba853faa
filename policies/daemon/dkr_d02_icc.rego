package dockpol.daemon

# METADATA
# title: Inter-container communication on the default bridge enabled
# description: >-
#   With icc enabled (dockerd's default) every container on the default
#   bridge network (docker0) can reach every other one on any port: one
#   compromised container can attack its neighbours. User-defined networks
#   are not affected, but `docker run` without --network uses docker0.
#   Judged from daemon.json; docker info does not report icc.
# related_resources:
#   - https://docs.docker.com/engine/network/drivers/bridge/
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D02
#   severity: medium
#   action: warn
#   cis: "2.2"
#   kinds: [daemon]
#   remediation: |-
#     Disable it in /etc/docker/daemon.json and put containers that must
#     talk to each other on a user-defined network:
#       {"icc": false}
warn contains finding if {
	icc := input.daemon.icc
	icc != false
	msg := {
		true: "daemon.json does not set icc, so dockerd's default applies: every container on the default bridge can reach every other.",
		false: "daemon.json enables icc: every container on the default bridge can reach every other.",
	}[icc == null]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["daemon", "icc"]}
}
