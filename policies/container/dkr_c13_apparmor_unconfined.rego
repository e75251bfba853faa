package dockpol.container

import data.dockpol.lib

# METADATA
# title: AppArmor disabled or absent
# description: >-
#   The container asks to run without AppArmor (`apparmor=unconfined`, or the
#   deprecated `apparmor:unconfined`): the mandatory access control profile
#   that blocks mounts, writes to /proc and /sys and raw access to kernel
#   interfaces is gone. An empty AppArmor profile in docker inspect output is
#   normal on SELinux hosts and hosts without AppArmor, so it is judged only
#   when the document knows the host supports AppArmor (daemon fact
#   `apparmor`, from docker info's `SecurityOptions` `name=apparmor`): there
#   dockerd gives every unprivileged container `docker-default`, and a
#   container without a profile runs unconfined. Privileged containers are
#   DKR-C01's.
# related_resources:
#   - https://docs.docker.com/engine/security/apparmor/
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C13
#   severity: high
#   action: deny
#   cis: "5.2"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `apparmor=unconfined` from `security_opt` (`--security-opt`). If
#     `docker-default` blocks something the service needs, load a profile
#     that allows only that and name it:
#       security_opt: ["apparmor=web-profile"]
deny contains finding if {
	some msg in _c13_unconfined
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["security", "apparmor"]}
}

_c13_unconfined contains msg if {
	input.container.security.apparmor == "unconfined"
	msg := sprintf("%s runs with AppArmor disabled (apparmor=unconfined), so no mandatory access control confines it.", [lib.subject])
}

_c13_unconfined contains msg if {
	input.container.security.apparmor_profile == null
	input.document.daemon.apparmor == true
	input.container.security.apparmor == null
	not input.container.privileged == true
	msg := sprintf("%s runs without an AppArmor profile on a host that supports AppArmor, so no mandatory access control confines it.", [lib.subject])
}
