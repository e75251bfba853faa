package dockpol.container

import data.dockpol.lib

# METADATA
# title: Restart policy unbounded on failure
# description: >-
#   The container restarts on failure without a bound (`on-failure` with no
#   count, or 0) or with more retries than the maximum (default 5, as CIS
#   5.15; configurable as data.dockpol.config.max_restart_retries): a
#   crashing or attacked service is restarted over and over, which hides
#   the fault and amplifies a denial of service. Compose's `restart:
#   on-failure[:N]` and `deploy.restart_policy` (`condition: on-failure`,
#   `max_attempts`) both count. `always` and `unless-stopped` are not
#   judged.
# related_resources:
#   - https://docs.docker.com/engine/containers/start-containers-automatically/#use-a-restart-policy
#   - https://docs.docker.com/reference/compose-file/services/#restart
#   - https://docs.docker.com/reference/compose-file/deploy/#restart_policy
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C32
#   severity: low
#   action: warn
#   cis: "5.15"
#   kinds: [compose, container, request]
#   remediation: |-
#     Bound the retries (`--restart on-failure:5`):
#       restart: "on-failure:5"
#     or with deploy:
#       deploy:
#         restart_policy:
#           condition: on-failure
#           max_attempts: 5
warn contains finding if {
	input.container.restart.policy == "on-failure"
	retries := input.container.restart.max_retries
	msg := _c32_message(retries, object.get(lib.config, "max_restart_retries", 5))
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["restart"]}
}

_c32_message(retries, maximum) := sprintf("%s restarts on failure without a limit on retries.", [lib.subject]) if {
	retries in {null, 0}
} else := sprintf("%s restarts on failure up to %d times, more than the maximum of %d.", [lib.subject, retries, maximum]) if {
	retries > maximum
}
