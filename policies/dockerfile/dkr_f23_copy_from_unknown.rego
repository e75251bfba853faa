package dockpol.dockerfile

# METADATA
# title: COPY --from undefined alias / unnamed stages
# description: >-
#   A COPY --from refers to a stage by number, or names no stage of the
#   Dockerfile. Stage numbers shift when a stage is added or removed, and a
#   name that is no stage alias is pulled as an image (docker.io/library/
#   <name>:latest), so a typo in an alias fetches an unrelated image. Image
#   references with a tag, digest or registry path (--from=nginx:1.27) and
#   variables do not fire.
# related_resources:
#   - https://docs.docker.com/build/building/multi-stage/#name-your-build-stages
#   - https://github.com/hadolint/hadolint/wiki/DL3022
# custom:
#   id: DKR-F23
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Name the stage and copy from its name:
#       FROM golang:1.22 AS build
#       FROM alpine:3.20
#       COPY --from=build /out/app /app
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "COPY"
	from := x.ins.from
	is_string(from)
	msg := _f23_problem(x.stage, from)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("COPY --from=%s in %s %s", [from, stage_label(x.stage), msg]),
		"path": x.path,
	}
}

_f23_problem(i, from) := "refers to a stage by number: name the stage (FROM ... AS name) and use the name." if {
	regex.match(`^[0-9]+$`, from)
	to_number(from) != i
}

_f23_problem(_, from) := "names no stage of this Dockerfile: it is pulled as an image; fix the alias or give the image a tag." if {
	not regex.match(`^[0-9]+$`, from)
	not regex.match(`[:/@$]`, from)
	not _f23_alias(from)
}

_f23_alias(from) if {
	some stage in input.dockerfile.stages
	is_string(stage.name)
	lower(stage.name) == lower(from)
}
