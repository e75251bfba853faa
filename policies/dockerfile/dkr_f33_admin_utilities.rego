package dockpol.dockerfile

import data.dockpol.lib

# METADATA
# title: Interactive/admin utilities in RUN
# description: >-
#   A RUN calls a command that makes no sense in an image build (ssh, vim,
#   shutdown, service, ps, free, top, kill, mount, ifconfig): it needs a
#   terminal, a running init system or the host, so it hangs, fails, or
#   acts on the build container rather than the image. Only commands
#   called are judged, not packages that install them. The list is the
#   configuration key dockerfile_admin_commands.
# related_resources:
#   - https://github.com/hadolint/hadolint/wiki/DL3001
#   - https://docs.docker.com/build/building/best-practices/#run
# custom:
#   id: DKR-F33
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Configure the image with files and RUN steps instead, and start
#     services from the ENTRYPOINT/CMD:
#       COPY nginx.conf /etc/nginx/nginx.conf
#       CMD ["nginx", "-g", "daemon off;"]
warn contains finding if {
	some r in runs
	some c in commands(f_exec_script(r.ins))
	name := command_name(c)
	name in _f33_commands
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s calls %s, which makes no sense in an image build.", [stage_label(r.stage), name]),
		"path": r.path,
	}
}

_f33_commands := {c | some c in object.get(lib.config, "dockerfile_admin_commands", [
	"ssh", "vim", "vi", "nano", "shutdown", "reboot", "service", "ps",
	"free", "top", "htop", "kill", "mount", "ifconfig",
])}
