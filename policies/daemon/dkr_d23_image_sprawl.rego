package dockpol.daemon

import data.dockpol.lib

# METADATA
# title: Image sprawl
# description: >-
#   The host stores many images: old, unpatched images stay available to
#   run and fill the disk. Advisory, and a proxy: docker info gives only the
#   image count, not which images are in use. The threshold is
#   data.dockpol.config.max_images, default 100. Judged from docker info.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/image/prune/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D23
#   severity: low
#   action: warn
#   cis: "6.1"
#   kinds: [daemon]
#   remediation: |-
#     Remove images no container uses:
#       docker image prune --all --filter "until=720h"
warn contains finding if {
	images := input.daemon.images
	is_number(images)
	limit := object.get(lib.config, "max_images", 100)
	images > limit
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The host stores %d images (more than %d).", [images, limit]),
		"path": ["daemon", "images"],
	}
}
