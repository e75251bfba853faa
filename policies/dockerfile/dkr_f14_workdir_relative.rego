package dockpol.dockerfile

# METADATA
# title: WORKDIR not absolute
# description: >-
#   A WORKDIR is a relative path: it resolves against whatever WORKDIR the
#   base image or an earlier instruction set, so where files land and
#   commands run depends on context that is easy to miss. Paths that start
#   with a variable and Windows drive paths do not fire.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#workdir
#   - https://github.com/hadolint/hadolint/wiki/DL3000
# custom:
#   id: DKR-F14
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Use an absolute path:
#       WORKDIR /app
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "WORKDIR"
	p := object.get(x.ins, "path", "")
	is_string(p)
	p != ""
	not startswith(p, "/")
	not startswith(p, "$")
	not regex.match(`^[A-Za-z]:[\\/]|^\\`, p)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("WORKDIR %s in %s is a relative path: use an absolute one.", [p, stage_label(x.stage)]),
		"path": x.path,
	}
}
