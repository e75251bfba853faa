package dockpol.container

import data.dockpol.lib

# METADATA
# title: Container-engine socket mounted
# description: >-
#   The container mounts a container-engine API socket (docker.sock,
#   containerd.sock, crio.sock, podman.sock, Windows' docker_engine pipe),
#   directly or through a local-driver volume bound to it. Whoever controls
#   the container can start a privileged container and so owns the host;
#   mounting the socket read-only does not help, since connecting to a socket
#   is not a write to the filesystem. Mounts of a directory holding a socket
#   (/var/run, /run) are judged by DKR-C19. The socket names are configurable
#   as data.dockpol.config.engine_sockets (base names such as docker.sock, or
#   longer path tails).
# related_resources:
#   - https://docs.docker.com/engine/security/#docker-daemon-attack-surface
#   - https://docs.docker.com/engine/security/protect-access/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C18
#   severity: critical
#   action: deny
#   cis: "5.32"
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove the socket mount (and `use_api_socket: true`). If the service
#     must talk to the engine, put a filtering proxy in front of the socket
#     that allows only the API calls it needs, and reach the proxy over a
#     network:
#       environment:
#         DOCKER_HOST: tcp://docker-proxy:2375
deny contains finding if {
	some i, host in lib.host_mounts
	lib.engine_socket(host.path)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s mounts the container-engine socket %q, which gives it control of the host.", [lib.subject, host.path]),
		"path": ["mounts", i, host.field],
	}
}
