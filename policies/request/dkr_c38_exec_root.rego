package dockpol.request

import data.dockpol.lib

# METADATA
# title: docker exec as root
# description: >-
#   The exec asks to run as root (user root or UID 0, with any group),
#   which opens a root shell in a container that may have been built to run
#   as an unprivileged user. An exec without --user runs as the container's
#   user and is not judged here.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/exec/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C38
#   severity: medium
#   action: warn
#   cis: "5.24"
#   kinds: [request]
#   remediation: |-
#     Exec as the container's own user (leave out --user), or as a named
#     unprivileged user:
#       docker exec --user 1000:1000 web sh
warn contains finding if {
	endpoint == "exec.create"
	user := input.request.exec.user
	is_string(user)
	lib.root_user(user) == "explicit"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The exec into container %q runs as root (user %q).", [lib.or_default(input.request.target, ""), user]),
		"path": ["request", "exec", "user"],
	}
}
