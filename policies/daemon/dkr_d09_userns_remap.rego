package dockpol.daemon

# METADATA
# title: User-namespace remapping disabled
# description: >-
#   Without user-namespace remapping, root in a container is root (UID 0)
#   on the host: any escape from a container process running as root is a
#   host root compromise. Judged from daemon.json (userns-remap) and docker
#   info (SecurityOptions lists name=userns when remapping is on).
#   Rootless daemons (DKR-D01) get the same protection another way.
# related_resources:
#   - https://docs.docker.com/engine/security/userns-remap/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D09
#   severity: medium
#   action: warn
#   cis: "2.9"
#   kinds: [daemon]
#   remediation: |-
#     Enable remapping in /etc/docker/daemon.json (existing images and
#     volumes are not visible to the remapped daemon; plan the move):
#       {"userns-remap": "default"}
#     Containers that need the host's user namespace can opt out with
#     --userns=host.
warn contains finding if {
	userns := input.daemon.userns
	userns != true
	not input.daemon.rootless == true
	msg := {
		"info": "docker info lists no name=userns security option: user-namespace remapping is off, so root in a container is root on the host.",
		"daemon.json": "daemon.json does not set userns-remap: root in a container is root on the host.",
	}[input.daemon.from.userns]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["daemon", "userns"]}
}
