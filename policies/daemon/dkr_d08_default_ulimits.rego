package dockpol.daemon

# METADATA
# title: Default ulimits not configured
# description: >-
#   daemon.json sets no default-ulimits, so containers inherit the daemon's
#   own limits (often very high open-file and process limits), and one
#   container can exhaust them for the host. Advisory: set defaults that
#   fit the host and raise them per container where needed. Judged from
#   daemon.json; docker info does not report the defaults.
# related_resources:
#   - https://docs.docker.com/reference/cli/dockerd/#default-ulimit-settings
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D08
#   severity: low
#   action: warn
#   cis: "2.8"
#   kinds: [daemon]
#   remediation: |-
#     Set defaults in /etc/docker/daemon.json, for example:
#       {"default-ulimits": {"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000},
#                            "nproc": {"Name": "nproc", "Soft": 4096, "Hard": 8192}}}
warn contains finding if {
	ulimits := input.daemon.default_ulimits
	_empty(ulimits)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": "daemon.json sets no default-ulimits: containers inherit the daemon's own limits.",
		"path": ["daemon", "default_ulimits"],
	}
}

_empty(x) if x == null

_empty(x) if count(x) == 0
