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
#   A compose service with build: that sets no user is judged by the USER
#   of its Dockerfile (the last stage's, or build.target's: its
#   image_config): a non-root USER passes, USER root or none is reported at
#   the Dockerfile's line. When the Dockerfile cannot be read, the service
#   is judged as one without it (a warning says why).
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
	meta := rego.metadata.rule()
	user := input.container.user
	problem := _c25_problem(meta, user, lib.root_user(user))
	finding := {"id": meta.custom.id, "msg": problem.msg, "path": problem.path}
}

# _c25_problem is judged from the user's root_user class, worked out once.
_c25_problem(_, user, "explicit") := {"msg": msg, "path": ["user"]} if {
	msg := sprintf("%s runs as root (user %q).", [lib.subject, user])
}

_c25_problem(meta, user, class) := _c25_unset(meta, user) if class == "unset"

_c25_unset(meta, user) := {"msg": msg, "path": ["image_config", "user"]} if {
	ic := input.container.image_config
	lib.root_user(ic.user) == "explicit"
	msg := sprintf("%s sets no user, and %s sets USER %q, so it runs as root.", [lib.subject, lib.dockerfile_of(ic), ic.user])
} else := {"msg": msg, "path": ["image_config", "user"]} if {
	ic := input.container.image_config
	lib.root_user(ic.user) == "unset"
	msg := sprintf("%s sets no user, and %s sets no USER, so it runs as root unless its base image sets one.", [lib.subject, lib.dockerfile_of(ic)])
} else := {"msg": msg, "path": ["user"]} if {
	not lib.has_image_config
	lib.judged(meta, user)
	msg := sprintf("%s sets no user, so it runs as the image's USER, which is root unless the image sets one.", [lib.subject])
}
