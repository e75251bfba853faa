package dockpol.daemon

# METADATA
# title: Daemon log level not info
# description: >-
#   The daemon logs at a level other than info: debug logs request details
#   (and so data that should stay private) and fills disks; warn, error or
#   fatal lose the events an audit needs. Judged from daemon.json
#   (log-level, debug) and docker info (Debug).
# related_resources:
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
#   - https://docs.docker.com/engine/daemon/logs/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D03
#   severity: low
#   action: warn
#   cis: "2.3"
#   kinds: [daemon]
#   remediation: |-
#     Remove log-level and debug from /etc/docker/daemon.json, or set
#       {"log-level": "info"}
#     and turn debug on only while diagnosing a problem.
warn contains finding if {
	some v in _d03_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _d03_violations are the rule's violations: {msg, path}.
_d03_violations contains v if {
	level := input.daemon.log_level
	is_string(level)
	lower(level) != "info"
	v := {"msg": sprintf("daemon.json sets the daemon log level to %q instead of \"info\".", [level]), "path": ["daemon", "log_level"]}
}

_d03_violations contains v if {
	input.daemon.debug == true
	v := {"msg": sprintf("The daemon runs in debug mode (%s), which logs at debug level.", [source("debug")]), "path": ["daemon", "debug"]}
}
