package dockpol.dockerfile

# METADATA
# title: EXPOSE port out of range
# description: >-
#   An EXPOSE names a port above 65535 (or a range reaching past it): no
#   such port exists, so the instruction is a typo or a mistaken value.
#   Ports given by a variable are not judged.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#expose
#   - https://github.com/hadolint/hadolint/wiki/DL3011
# custom:
#   id: DKR-F21
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Expose a valid port (0-65535):
#       EXPOSE 8080/tcp
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "EXPOSE"
	some p in _f21_ports(x.ins)
	some n in split(split(p, "/")[0], "-")
	regex.match(`^[0-9]+$`, n)
	to_number(n) > 65535
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("EXPOSE %s in %s is outside the port range 0-65535.", [p, stage_label(x.stage)]),
		"path": x.path,
	}
}

_f21_ports(ins) := ins.ports if is_array(ins.ports)

else := ins.args
