package dockpol.container

import data.dockpol.lib

# METADATA
# title: Healthcheck missing or disabled
# description: >-
#   The container has no healthcheck, or disables the one its image defines
#   (`healthcheck: {disable: true}`, `test: ["NONE"]`, `--no-healthcheck`,
#   `HEALTHCHECK NONE`): Docker, orchestrators and monitoring get no signal
#   that the service is alive and working, so a hung service keeps running
#   and receiving traffic. Not set is judged for compose services, create
#   requests and Dockerfiles (the image's or base image's HEALTHCHECK may
#   still apply, the message says so) and for inspected containers, whose
#   configuration includes the image's. A compose service with `build:`
#   that sets no healthcheck is judged by the HEALTHCHECK of its Dockerfile
#   (the last stage's, or build.target's: its image_config): one that runs
#   a check passes, none or `HEALTHCHECK NONE` is reported at the
#   Dockerfile. When the Dockerfile cannot be read, a build service without
#   a healthcheck is not judged (a warning says why); an explicitly
#   disabled healthcheck is always reported. Neither is a compose service
#   that another waits for to run to completion (`depends_on` with
#   `condition: service_completed_successfully`, its `one_shot`): an init
#   or migration job exits, so a liveness check means nothing for it.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#healthcheck
#   - https://docs.docker.com/reference/compose-file/services/#healthcheck
#   - https://docs.docker.com/reference/cli/docker/container/run/#healthcheck
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C33
#   severity: low
#   action: warn
#   cis: "5.27"
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Define a healthcheck that exercises the service (or add `HEALTHCHECK` to
#     the Dockerfile):
#       healthcheck:
#         test: ["CMD", "curl", "-fsS", "http://localhost:8080/health"]
#         interval: 30s
#         timeout: 5s
#         retries: 3
warn contains finding if {
	not input.container.one_shot
	hc := input.container.healthcheck
	meta := rego.metadata.rule()
	problem := _c33_problem(meta, hc)
	finding := {"id": meta.custom.id, "msg": sprintf("%s %s.", [lib.subject, problem.what]), "path": problem.path}
}

_c33_problem(meta, hc) := {"what": "disables its healthcheck", "path": ["healthcheck"]} if {
	lib.healthcheck_disabled(hc)
} else := {"what": what, "path": ["image_config", "healthcheck"]} if {
	hc == null
	ic := input.container.image_config
	lib.healthcheck_disabled(ic.healthcheck)
	what := sprintf("sets no healthcheck, and %s disables it (HEALTHCHECK NONE)", [lib.dockerfile_of(ic)])
} else := {"what": what, "path": ["image_config", "healthcheck"]} if {
	hc == null
	ic := input.container.image_config
	ic.healthcheck == null
	what := sprintf("sets no healthcheck, and %s defines no HEALTHCHECK, so it has none unless its base image defines one", [lib.dockerfile_of(ic)])
} else := {"what": _c33_missing[input.document.kind], "path": ["healthcheck"]} if {
	hc == null
	lib.judged(meta, hc)
	not _c33_built_here
}

# _c33_built_here: a compose service built from a Dockerfile whose
# HEALTHCHECK the document does not carry (it could not be read).
_c33_built_here if {
	input.document.kind == "compose"
	is_object(input.container.build)
}

_c33_missing := {
	"compose": "sets no healthcheck, so it has none unless its image defines one",
	"request": "sets no healthcheck, so it has none unless its image defines one",
	"container": "has no healthcheck, in its configuration or its image",
	"image": "defines no HEALTHCHECK, so it has none unless its base image defines one",
}
