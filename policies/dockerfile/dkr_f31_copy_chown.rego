package dockpol.dockerfile

# METADATA
# title: COPY/ADD --chown used
# description: >-
#   A COPY or ADD gives the copied files to a non-root owner (--chown). The
#   application user then owns its own code and can rewrite it at run time;
#   files it only needs to read or execute should stay owned by root.
#   --chown to root (0, root, 0:0, root:root) does not fire.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#copy---chown---chmod
#   - https://docs.docker.com/build/building/best-practices/#user
# custom:
#   id: DKR-F31
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Keep code owned by root and readable by the user; give the user only
#     the directories it must write:
#       COPY --chmod=0755 app /app
#       RUN mkdir /app/data && chown app /app/data
warn contains finding if {
	some x in f_instructions
	x.ins.cmd in {"COPY", "ADD"}
	is_string(x.ins.chown)
	not x.ins.chown in {"", "0", "root", "0:0", "root:root", "root:0", "0:root"}
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s in %s gives %s to %s with --chown: keep files the process does not write owned by root.", [x.ins.cmd, stage_label(x.stage), x.ins.dest, x.ins.chown]),
		"path": x.path,
	}
}
