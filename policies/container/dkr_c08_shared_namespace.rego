package dockpol.container

import data.dockpol.lib

# METADATA
# title: Namespace joined from another container
# description: >-
#   The container joins the PID, IPC or network namespace of another
#   container (`pid`/`ipc`/`network_mode` `service:NAME` or
#   `container:NAME`), or makes its IPC namespace joinable (`ipc:
#   shareable`): the two workloads are no longer isolated from each other
#   (processes, shared memory, loopback services). Intended sidecars
#   (debuggers, proxies) can be allowed by the name of the container whose
#   namespace they join with data.dockpol.config.allowed_namespace_sharing
#   (default none).
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#pid
#   - https://docs.docker.com/reference/cli/docker/container/run/#ipc
#   - https://docs.docker.com/reference/compose-file/services/#network_mode
# custom:
#   id: DKR-C08
#   severity: low
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     Give the container its own namespaces (remove `pid`/`ipc`/`network_mode`
#     `service:NAME` and `ipc: shareable`) and talk over a network instead,
#     or allow an intended sidecar in the configuration:
#       allowed_namespace_sharing: ["app"]
warn contains finding if {
	some ns, msg in _c08_shared_namespaces
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["namespaces", ns]}
}

# _c08_shared_namespaces maps each namespace the container shares to the
# message about it.
_c08_shared_namespaces[ns] := msg if {
	some ns in ["pid", "ipc", "network"]
	mode := input.container.namespaces[ns]
	is_string(mode)
	startswith(mode, "container:")
	target := substring(mode, count("container:"), -1)
	not target in object.get(lib.config, "allowed_namespace_sharing", [])
	msg := sprintf("%s joins the %s namespace of container %q (%s), so the two are not isolated from each other.", [lib.subject, ns, target, mode])
}

_c08_shared_namespaces["ipc"] := msg if {
	input.container.namespaces.ipc == "shareable"
	msg := sprintf("%s makes its IPC namespace shareable (ipc shareable), so other containers can join its shared memory.", [lib.subject])
}
