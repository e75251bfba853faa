package dockpol.dockerfile

# METADATA
# title: Multiple CMD
# description: >-
#   A stage has more than one CMD instruction. Only the last one takes
#   effect; the earlier ones are dead code that misleads the reader about
#   what the image does.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#cmd
#   - https://github.com/hadolint/hadolint/wiki/DL4003
# custom:
#   id: DKR-F18
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Keep one CMD per stage, the one that applies; delete the others.
warn contains finding if {
	some x in f_overridden("CMD")
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("CMD at line %d in %s has no effect: the CMD at line %d replaces it.", [x.line, stage_label(x.stage), x.last_line]),
		"path": x.path,
	}
}
