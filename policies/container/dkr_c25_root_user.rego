package dockpol.container

import data.dockpol.lib

# METADATA
# title: Container runs as root
# description: >-
#   The container's process runs as root (user root or UID 0, explicitly, or
#   because no user is set and the image's USER applies, which is root for
#   most official images). Without user-namespace remapping, root in the
#   container is root on the host once any isolation layer fails. A warning
#   because many images drop privileges themselves after starting as root.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#user
#   - https://docs.docker.com/reference/dockerfile/#user
#   - https://docs.docker.com/engine/security/userns-remap/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C25
#   severity: medium
#   action: warn
#   cis: "4.1"
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Run as an unprivileged numeric UID, set where the container is defined
#     or in the image:
#       user: "10001:10001"
#     (Dockerfile: `USER 10001:10001`). Give the UID ownership of only the
#     paths it writes.
warn contains finding if {
	user := input.container.user
	how := lib.root_user(user)
	lib.judged(rego.metadata.rule(), user)
	msg := {
		"explicit": sprintf("%s runs as root (user %q).", [lib.subject, user]),
		"unset": sprintf("%s sets no user, so it runs as the image's USER, which is root unless the image sets one.", [lib.subject]),
	}[how]
	finding := lib.finding(rego.metadata.rule(), msg, ["user"])
}
