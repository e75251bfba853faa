package dockpol.daemon

# METADATA
# title: Experimental features enabled
# description: >-
#   The daemon runs with experimental features on: code paths that are not
#   meant for production and may change or disappear. Judged from
#   daemon.json (experimental) and docker info (ExperimentalBuild).
# related_resources:
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D18
#   severity: low
#   action: warn
#   cis: "2.18"
#   kinds: [daemon]
#   remediation: |-
#     Remove "experimental": true from /etc/docker/daemon.json on
#     production hosts.
warn contains finding if {
	input.daemon.experimental == true
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The daemon runs with experimental features enabled (%s).", [source("experimental")]),
		"path": ["daemon", "experimental"],
	}
}
