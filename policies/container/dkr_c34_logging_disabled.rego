package dockpol.container

import data.dockpol.lib

# METADATA
# title: Container logging disabled or local-only
# description: >-
#   The container sets a log driver that loses its output: `none` keeps no
#   logs at all, so what the service did, and what an intruder did through
#   it, leaves no trail. It overrides the daemon's log driver (DKR-D13) for
#   this container. The drivers judged are configurable as
#   data.dockpol.config.container_log_drivers (default ["none"]; add
#   "json-file" and "local" to require remote logging for every container
#   that sets its own driver). A container that sets no driver uses the
#   daemon's and is not judged here.
# related_resources:
#   - https://docs.docker.com/engine/logging/configure/
#   - https://docs.docker.com/reference/compose-file/services/#logging
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C34
#   severity: medium
#   action: warn
#   cis: "2.13"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove the `none` driver so the daemon's applies, or send the logs to
#     a central collector (`--log-driver syslog`):
#       logging:
#         driver: syslog
#         options:
#           syslog-address: "tcp+tls://logs.example.com:6514"
warn contains finding if {
	driver := input.container.logging.driver
	is_string(driver)
	driver in object.get(lib.config, "container_log_drivers", ["none"])
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s %s.", [lib.subject, _c34_effect(driver)]),
		"path": ["logging", "driver"],
	}
}

_c34_effect(driver) := "disables logging (log driver \"none\"), so it leaves no log trail" if {
	driver == "none"
} else := sprintf("logs only locally (log driver %q), so its logs are lost with the host", [driver])
