package dockpol.container

import data.dockpol.lib

# METADATA
# title: Seccomp disabled (unconfined)
# description: >-
#   The container runs with `seccomp=unconfined` (either spelling,
#   `seccomp:unconfined` too): the syscall filter that blocks keyctl, bpf,
#   unshare, kernel module and clock syscalls is gone, so many kernel
#   exploits become reachable.
# related_resources:
#   - https://docs.docker.com/engine/security/seccomp/
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C12
#   severity: high
#   action: deny
#   cis: "5.22"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `seccomp=unconfined` from `security_opt` (`--security-opt`). If
#     the default profile blocks a syscall the service needs, ship a custom
#     profile that allows only that syscall:
#       security_opt: ["seccomp=./seccomp/app.json"]
deny contains finding if {
	input.container.security.seccomp == "unconfined"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s runs with seccomp disabled (seccomp=unconfined), so every system call reaches the host kernel.", [lib.subject]),
		"path": ["security", "seccomp"],
	}
}
