package dockpol.daemon

import data.dockpol.lib

# METADATA
# title: Container sprawl
# description: >-
#   The host keeps many stopped containers: each holds a writable layer
#   (disk, possibly data or secrets left behind) and makes it harder to see
#   what should be running. Advisory. The threshold is
#   data.dockpol.config.max_stopped_containers, default 25 (as
#   docker-bench-security). Judged from docker info.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/prune/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D22
#   severity: low
#   action: warn
#   cis: "6.2"
#   kinds: [daemon]
#   remediation: |-
#     Remove containers that are no longer needed:
#       docker container prune --filter "until=168h"
#     and run short-lived containers with --rm.
warn contains finding if {
	c := input.daemon.containers
	stopped := _stopped(c)
	limit := object.get(lib.config, "max_stopped_containers", 25)
	stopped > limit
	is_number(c.total)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The host keeps %d stopped containers (more than %d) out of %d.", [stopped, limit, c.total]),
		"path": ["daemon", "containers"],
	}
}

_stopped(c) := c.stopped if is_number(c.stopped)

_stopped(c) := (c.total - c.running) - _paused(c) if {
	not is_number(c.stopped)
	is_number(c.total)
	is_number(c.running)
}

_paused(c) := c.paused if is_number(c.paused)

else := 0
