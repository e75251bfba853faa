package dockpol.dockerfile

# METADATA
# title: FROM --platform used
# description: >-
#   A FROM pins the platform to a constant (--platform=linux/amd64): the
#   build pulls that platform on every builder, so images built for other
#   architectures silently contain foreign binaries (or run under
#   emulation). --platform with a build argument, such as the
#   cross-compilation idiom --platform=$BUILDPLATFORM, does not fire.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#from
#   - https://docs.docker.com/build/building/multi-platform/
#   - https://github.com/hadolint/hadolint/wiki/DL3029
# custom:
#   id: DKR-F30
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Leave the platform to the build (docker build --platform ...), or use
#     the automatic build arguments:
#       FROM --platform=$BUILDPLATFORM golang:1.22 AS build
warn contains finding if {
	some i, stage in input.dockerfile.stages
	is_string(stage.platform)
	stage.platform != ""
	not contains(stage.platform, "$")
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("FROM in %s fixes the platform to %s: let the build choose it or use $BUILDPLATFORM/$TARGETPLATFORM.", [stage_label(i), stage.platform]),
		"path": ["dockerfile", "stages", i],
	}
}
