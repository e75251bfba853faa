package dockpol.dockerfile

# METADATA
# title: Too many layers (consecutive RUN/ADD/COPY)
# description: >-
#   RUN instructions follow each other with the same flags: each adds a
#   layer, and files one RUN creates and the next deletes stay in the
#   image. One finding per run of consecutive RUNs, in the stages the
#   final image is built from (a builder stage's layers are not shipped). Consecutive COPY/ADD
#   instructions do not fire: splitting them (dependency manifests first,
#   sources after) is the usual way to keep the build cache useful, and
#   RUNs with different --mount/--network flags cannot be merged.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers
#   - https://github.com/hadolint/hadolint/wiki/DL3059
# custom:
#   id: DKR-F32
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Join the commands in one RUN:
#       RUN apt-get update \
#        && apt-get install -y --no-install-recommends curl \
#        && rm -rf /var/lib/apt/lists/*
warn contains finding if {
	some i in final_stages
	stage := input.dockerfile.stages[i]
	some j, ins in stage.instructions
	j > 0
	_f32_pair(stage.instructions, j)
	not _f32_pair(stage.instructions, j - 1)
	prev := stage.instructions[j - 1]
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN at line %d follows the RUN at line %d in %s: combine consecutive RUNs into one layer.", [ins.line, prev.line, stage_label(i)]),
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

# _f32_pair: instruction j is a RUN right after a RUN with the same flags.
_f32_pair(list, j) if {
	j > 0
	list[j].cmd == "RUN"
	list[j - 1].cmd == "RUN"
	sort(list[j].flags) == sort(list[j - 1].flags)
}
