package dockpol.dockerfile

# METADATA
# title: sudo in RUN
# description: >-
#   A RUN instruction calls sudo. Build steps already run as the USER in
#   effect; sudo adds unpredictable TTY and signal behaviour, and its
#   presence means the image ships a privilege-escalation tool and sudoers
#   configuration.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#user
#   - https://github.com/hadolint/hadolint/wiki/DL3004
# custom:
#   id: DKR-F03
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Switch users instead: run the privileged steps before USER (or
#     after USER root) and drop privileges again with USER; use gosu or
#     su-exec in an entrypoint when the process must drop root at run time.
warn contains finding if {
	some r in runs
	regex.match(`(^|[\s;&|(])sudo(\s|$)`, r.ins.script)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s uses sudo: switch users with USER instead.", [stage_label(r.stage)]),
		"path": r.path,
	}
}
