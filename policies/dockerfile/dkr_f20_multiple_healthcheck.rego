package dockpol.dockerfile

# METADATA
# title: Multiple HEALTHCHECK
# description: >-
#   A stage has more than one HEALTHCHECK instruction. Only the last one takes
#   effect; the earlier ones are dead code that misleads the reader about
#   what the image does.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#healthcheck
#   - https://github.com/hadolint/hadolint/wiki/DL3012
# custom:
#   id: DKR-F20
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Keep one HEALTHCHECK per stage, the one that applies; delete the others.
warn contains finding if {
	some x in f_overridden("HEALTHCHECK")
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("HEALTHCHECK at line %d in %s has no effect: the HEALTHCHECK at line %d replaces it.", [x.line, stage_label(x.stage), x.last_line]),
		"path": x.path,
	}
}
