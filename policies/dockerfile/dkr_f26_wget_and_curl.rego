package dockpol.dockerfile

# METADATA
# title: Both wget and curl used
# description: >-
#   The stages the final image is built from use both wget and curl: two
#   download tools where one does, each a binary in the image that an
#   attacker can use to fetch payloads. Builder stages whose files do not
#   reach the final image are not judged.
# related_resources:
#   - https://github.com/hadolint/hadolint/wiki/DL4001
#   - https://docs.docker.com/build/building/best-practices/#dont-install-unnecessary-packages
# custom:
#   id: DKR-F26
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Pick one download tool and use it everywhere (or download in a
#     builder stage and COPY the result):
#       RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz
warn contains finding if {
	count(_f26_first) == 2
	later := [t | some t, pos in _f26_first; pos == max({p | some p in _f26_first})][0]
	other := [t | some t, _ in _f26_first; t != later][0]
	pos := _f26_first[later]
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s uses %s, but the image already uses %s: use one download tool.", [stage_label(pos[0]), later, other]),
		"path": ["dockerfile", "stages", pos[0], "instructions", pos[1]],
	}
}

# _f26_first is the position [stage, index] of each tool's first use.
_f26_first[tool] := min(uses) if {
	some tool in {"curl", "wget"}
	uses := {[r.stage, r.index] |
		some r in runs
		r.stage in final_stages
		some c in commands(f_exec_script(r.ins))
		command_name(c) == tool
	}
	count(uses) > 0
}
