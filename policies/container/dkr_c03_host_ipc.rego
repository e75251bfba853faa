package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host IPC namespace shared
# description: >-
#   The container shares the host's IPC namespace: it can read and write the
#   host's System V shared memory, semaphores and message queues and the
#   POSIX shared memory in the host's /dev/shm, where other processes keep
#   data they believe private.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#ipc
#   - https://docs.docker.com/reference/compose-file/services/#ipc
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C03
#   severity: high
#   action: deny
#   cis: "5.17"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `ipc: host` (`--ipc=host`). To share memory with one other
#     container, join its namespace instead:
#       ipc: "service:app"
deny contains finding if {
	input.container.namespaces.ipc == "host"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s shares the host's IPC namespace (ipc host), so it can read and write the host's shared memory.", [lib.subject]),
		"path": ["namespaces", "ipc"],
	}
}
