package dockpol.dockerfile

# METADATA
# title: Duplicate stage aliases
# description: >-
#   Two FROM instructions name their stage with the same alias (stage
#   names are case-insensitive): COPY --from and FROM references to it are
#   ambiguous, and BuildKit refuses the file.
# related_resources:
#   - https://docs.docker.com/build/building/multi-stage/#name-your-build-stages
#   - https://github.com/hadolint/hadolint/wiki/DL3024
# custom:
#   id: DKR-F24
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Give every stage its own name:
#       FROM golang:1.22 AS build
#       FROM gcr.io/distroless/static AS runtime
warn contains finding if {
	some i, stage in input.dockerfile.stages
	is_string(stage.name)
	some k, earlier in input.dockerfile.stages
	k < i
	is_string(earlier.name)
	lower(earlier.name) == lower(stage.name)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("Stage %d is named %q like stage %d: give each stage its own name.", [i, stage.name, k]),
		"path": ["dockerfile", "stages", i],
	}
}
