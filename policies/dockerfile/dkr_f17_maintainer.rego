package dockpol.dockerfile

# METADATA
# title: MAINTAINER deprecated
# description: >-
#   The MAINTAINER instruction is deprecated; a label records the author in
#   a form tools read (org.opencontainers.image.authors).
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
#   - https://github.com/hadolint/hadolint/wiki/DL4000
# custom:
#   id: DKR-F17
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Use a label:
#       LABEL org.opencontainers.image.authors="team@example.com"
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "MAINTAINER"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("MAINTAINER in %s is deprecated: use LABEL org.opencontainers.image.authors.", [stage_label(x.stage)]),
		"path": x.path,
	}
}
