package dockpol.dockerfile

# METADATA
# title: Multiple ENTRYPOINT
# description: >-
#   A stage has more than one ENTRYPOINT instruction. Only the last one takes
#   effect; the earlier ones are dead code that misleads the reader about
#   what the image does.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#entrypoint
#   - https://github.com/hadolint/hadolint/wiki/DL4004
# custom:
#   id: DKR-F19
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Keep one ENTRYPOINT per stage, the one that applies; delete the others.
warn contains finding if {
	some x in f_overridden("ENTRYPOINT")
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("ENTRYPOINT at line %d in %s has no effect: the ENTRYPOINT at line %d replaces it.", [x.line, stage_label(x.stage), x.last_line]),
		"path": x.path,
	}
}
