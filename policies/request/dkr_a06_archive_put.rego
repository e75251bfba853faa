package dockpol.request

import data.dockpol.lib

# METADATA
# title: Files copied into a container
# description: >-
#   `docker cp` into a container (PUT /containers/{id}/archive) replaces
#   files of a running workload outside its image: binaries, configuration
#   or credentials can be swapped without a new image or a new review.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/cp/
# custom:
#   id: DKR-A06
#   severity: low
#   action: warn
#   kinds: [request]
#   remediation: |-
#     Ship the file in the image or mount it at create time:
#       docker run -v ./app.conf:/etc/app/app.conf:ro app:1.2
warn contains finding if {
	endpoint == "container.archive"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s copies files into container %q.", [what, lib.or_default(input.request.target, "")]),
		"path": ["request", "endpoint"],
	}
}
