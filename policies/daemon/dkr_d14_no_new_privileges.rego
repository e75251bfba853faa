package dockpol.daemon

# METADATA
# title: Daemon-wide no-new-privileges off
# description: >-
#   The daemon does not set no-new-privileges for every container, so a
#   container process can gain privileges through setuid binaries or file
#   capabilities unless each container sets the option itself (DKR-C16).
#   Judged from daemon.json (no-new-privileges) and docker info: engines
#   that report it list name=no-new-privileges in SecurityOptions; older
#   engines never list it, so from docker info alone the finding may be a
#   false positive there.
# related_resources:
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
#   - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D14
#   severity: medium
#   action: warn
#   cis: "2.14"
#   kinds: [daemon]
#   remediation: |-
#     Set it for every container in /etc/docker/daemon.json:
#       {"no-new-privileges": true}
#     Containers that need setuid binaries can opt out with
#     --security-opt no-new-privileges=false.
warn contains finding if {
	nnp := input.daemon.no_new_privileges
	nnp != true
	msg := {
		"info": "docker info does not list no-new-privileges among the daemon's security options: containers may gain privileges through setuid binaries.",
		"daemon.json": "daemon.json does not set no-new-privileges: containers may gain privileges through setuid binaries.",
	}[input.daemon.from.no_new_privileges]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["daemon", "no_new_privileges"]}
}
