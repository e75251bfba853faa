package dockpol.daemon

# METADATA
# title: No centralized or remote logging
# description: >-
#   The daemon's default log driver keeps container logs on the host only
#   (json-file, local) or drops them (none): they are lost with the host,
#   and an intruder on the host can erase them. Judged from daemon.json
#   (log-driver, json-file when unset) and docker info (LoggingDriver).
# related_resources:
#   - https://docs.docker.com/engine/logging/configure/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D13
#   severity: low
#   action: warn
#   cis: "2.13"
#   kinds: [daemon]
#   remediation: |-
#     Ship logs off the host with a remote driver, for example in
#     /etc/docker/daemon.json:
#       {"log-driver": "syslog", "log-opts": {"syslog-address": "tcp+tls://logs.example.com:6514"}}
#     (or journald, fluentd, gelf, awslogs, gcplogs, splunk, ...).
warn contains finding if {
	driver := input.daemon.log_driver
	driver in {null, "json-file", "local", "none"}
	msg := {
		true: "daemon.json sets no log-driver, so containers log to json-file files on the host only.",
		false: sprintf("The daemon's default log driver is %q (%s): container logs stay on the host, or are dropped.", [driver, source("log_driver")]),
	}[driver == null]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["daemon", "log_driver"]}
}
