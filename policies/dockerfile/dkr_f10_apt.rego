package dockpol.dockerfile

# METADATA
# title: apt used instead of apt-get
# description: >-
#   A RUN calls apt, the interactive front end whose command line and
#   output are not stable for scripts (it warns so itself); apt-get and
#   apt-cache are the scripting interfaces.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://github.com/hadolint/hadolint/wiki/DL3027
# custom:
#   id: DKR-F10
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Use apt-get (or apt-cache for searches):
#       RUN apt-get update && apt-get install -y --no-install-recommends curl
warn contains finding if {
	some r in runs
	subs := [c[1] | some c in commands(f_exec_script(r.ins)); command_name(c) == "apt"; count(c) > 1]
	count(subs) > 0
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s calls apt (%s): use apt-get, whose command line is stable for scripts.", [stage_label(r.stage), concat(", ", subs)]),
		"path": r.path,
	}
}
