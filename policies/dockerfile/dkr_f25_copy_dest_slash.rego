package dockpol.dockerfile

# METADATA
# title: COPY multi-source destination lacks trailing /
# description: >-
#   A COPY or ADD has several sources but its destination does not end
#   with /: the destination must be a directory, and BuildKit fails the
#   build. Destinations . and .. and those with a variable are not judged.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#copy
#   - https://github.com/hadolint/hadolint/wiki/DL3021
# custom:
#   id: DKR-F25
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     End the destination with a slash:
#       COPY package.json package-lock.json /app/
warn contains finding if {
	some x in f_instructions
	x.ins.cmd in {"COPY", "ADD"}
	count(x.ins.sources) + count(object.get(x.ins, "heredocs", [])) > 1
	dest := x.ins.dest
	is_string(dest)
	not endswith(dest, "/")
	not dest in {".", ".."}
	not endswith(dest, "/.")
	not contains(dest, "$")
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s in %s copies several sources to %s, which does not end with /.", [x.ins.cmd, stage_label(x.stage), dest]),
		"path": x.path,
	}
}
