package dockpol.dockerfile

# METADATA
# title: RUN cd instead of WORKDIR
# description: >-
#   A RUN changes directory with cd. The directory lasts only for that RUN,
#   so later instructions silently run elsewhere; WORKDIR states the
#   directory once for every following instruction and is easier to read.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#workdir
#   - https://github.com/hadolint/hadolint/wiki/DL3003
# custom:
#   id: DKR-F16
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Set the directory with WORKDIR:
#       WORKDIR /src/app
#       RUN make install
warn contains finding if {
	some r in runs
	dirs := [c[1] | some c in commands(f_exec_script(r.ins)); command_name(c) == "cd"; count(c) > 1]
	count(dirs) > 0
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s changes directory with cd %s: use WORKDIR instead.", [stage_label(r.stage), dirs[0]]),
		"path": r.path,
	}
}
