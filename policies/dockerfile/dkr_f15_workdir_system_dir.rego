package dockpol.dockerfile

# METADATA
# title: WORKDIR in system directory
# description: >-
#   A WORKDIR is /proc, /boot, /dev, /initrd or /lost+found, or a directory
#   below them: build steps and the running container then write into
#   kernel interfaces, device nodes or boot files, which at best fails and
#   at worst is a step towards escaping the container.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#workdir
#   - https://avd.aquasec.com/misconfig/ds030
# custom:
#   id: DKR-F15
#   severity: medium
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Work in an application directory:
#       WORKDIR /app
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "WORKDIR"
	p := object.get(x.ins, "path", "")
	is_string(p)
	some d in _f15_system_dirs
	_f15_under(p, d)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("WORKDIR %s in %s is in the system directory %s: use an application directory.", [p, stage_label(x.stage), d]),
		"path": x.path,
	}
}

_f15_system_dirs := {"/proc", "/boot", "/dev", "/initrd", "/lost+found"}

_f15_under(p, d) if {
	clean := regex.replace(p, `/+`, "/")
	some x in {clean, trim_suffix(clean, "/")}
	x == d
}

_f15_under(p, d) if startswith(regex.replace(p, `/+`, "/"), concat("", [d, "/"]))
