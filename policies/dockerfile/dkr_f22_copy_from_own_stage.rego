package dockpol.dockerfile

# METADATA
# title: COPY --from references own stage
# description: >-
#   A COPY --from names the stage it is in (by alias or index): a stage
#   cannot copy from itself, and BuildKit fails the build with a circular
#   dependency.
# related_resources:
#   - https://docs.docker.com/build/building/multi-stage/
#   - https://github.com/hadolint/hadolint/wiki/DL3023
# custom:
#   id: DKR-F22
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Copy from an earlier stage:
#       FROM golang:1.22 AS build
#       RUN go build -o /out/app .
#       FROM gcr.io/distroless/static
#       COPY --from=build /out/app /app
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "COPY"
	from := x.ins.from
	is_string(from)
	_f22_self(x.stage, from)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("COPY --from=%s in %s copies from the stage it is in.", [from, stage_label(x.stage)]),
		"path": x.path,
	}
}

_f22_self(i, from) if {
	name := input.dockerfile.stages[i].name
	is_string(name)
	lower(name) == lower(from)
}

_f22_self(i, from) if from == sprintf("%d", [i])
