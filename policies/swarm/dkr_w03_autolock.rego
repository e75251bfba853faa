package dockpol.swarm

# METADATA
# title: Swarm manager auto-lock off
# description: >-
#   The swarm does not auto-lock its managers: the Raft logs, which hold the
#   cluster's secrets and configs, are encrypted with a key stored on the
#   manager's disk beside them, so a stolen disk or backup gives them away.
#   With auto-lock a restarted manager needs the unlock key. Judged on
#   managers from docker info (Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers).
# related_resources:
#   - https://docs.docker.com/engine/swarm/swarm_manager_locking/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-W03
#   severity: medium
#   action: warn
#   cis: "7.5"
#   kinds: [daemon]
#   remediation: |-
#     Turn on auto-lock and keep the unlock key in a password manager:
#       docker swarm update --autolock=true
warn contains finding if {
	input.daemon.swarm.autolock_managers == false
	manager
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": "The swarm does not auto-lock its managers: the Raft encryption key is stored unprotected on disk.",
		"path": ["daemon", "swarm", "autolock_managers"],
	}
}
