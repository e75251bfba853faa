package dockpol.daemon

# METADATA
# title: Daemon seccomp profile unconfined
# description: >-
#   The daemon's default seccomp profile is "unconfined": every container
#   that does not choose a profile itself runs without a system call filter,
#   so many kernel exploits become reachable. Docker's built-in profile and
#   custom profiles pass. Judged from daemon.json (seccomp-profile) and
#   docker info (SecurityOptions name=seccomp,profile=...).
# related_resources:
#   - https://docs.docker.com/engine/security/seccomp/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D17
#   severity: high
#   action: deny
#   cis: "2.17"
#   kinds: [daemon]
#   remediation: |-
#     Remove "seccomp-profile": "unconfined" from /etc/docker/daemon.json
#     (the built-in profile then applies), or point it at a custom profile
#     that allows what the workloads need.
deny contains finding if {
	profile := input.daemon.seccomp_profile
	is_string(profile)
	lower(profile) == "unconfined"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The daemon's default seccomp profile is unconfined (%s): containers run without a system call filter.", [source("seccomp_profile")]),
		"path": ["daemon", "seccomp_profile"],
	}
}
