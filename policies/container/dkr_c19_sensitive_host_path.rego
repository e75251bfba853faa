package dockpol.container

import data.dockpol.lib

# METADATA
# title: Sensitive host path mounted
# description: >-
#   The container bind-mounts a host path that lets it alter or read the
#   host: a read-write bind of, below or above a sensitive path
#   (/etc, /proc, /sys, /dev, /boot, /usr, /lib, /lib64, /bin, /sbin, /root,
#   /var/lib/docker, /var/run, /run; "/" only itself), or a read-only bind
#   that exposes a whole sensitive tree: /, /etc, /proc, /sys, /boot, /root,
#   /var/lib/docker, or a directory holding an engine socket (a read-only
#   /var/run still lets the container connect to docker.sock). Read-only
#   binds of single files or subdirectories (/etc/localtime,
#   /sys/fs/cgroup) pass. Local-driver volumes bound to a host path
#   (type=none,o=bind,device=PATH) count as binds; the engine sockets
#   themselves are DKR-C18's. The lists are configurable as
#   data.dockpol.config.sensitive_host_paths and
#   sensitive_host_paths_read_only (see policies/lib/paths.rego).
# related_resources:
#   - https://docs.docker.com/engine/storage/bind-mounts/
#   - https://docs.docker.com/reference/compose-file/services/#volumes
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C19
#   severity: high
#   action: deny
#   cis: "5.6"
#   kinds: [compose, container, request]
#   remediation: |-
#     Mount only the files the service needs, read-only, from a directory
#     that holds nothing else, or copy them into the image or a named volume:
#       volumes:
#         - ./config/app.conf:/etc/app/app.conf:ro
#     For host devices use `devices:` rather than a bind of /dev.
deny contains finding if {
	some i, host in lib.host_mounts
	path := lib.clean_path(host.path)
	mount := input.container.mounts[i]
	read_only := mount.read_only == true

	# Read-write: the path itself, anything below it, anything above it.
	# Read-only: only a mount that exposes a listed path whole.
	match := lib.path_exposure(path, lib.sensitive_host_path_lists[read_only])
	not lib.engine_socket(path)

	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s mounts %s %s, %s.", [lib.subject, _c19_what(host, mount), _c19_mode[read_only], _c19_relation(match)]),
		"path": ["mounts", i, host.field],
	}
}

# The parts of the message are functions, so that only the words a
# finding uses are formatted.
_c19_what(host, _) := sprintf("host path %q", [host.path]) if host.field == "source"

_c19_what(host, mount) := sprintf("volume %q (bound to host path %q)", [mount.source, host.path]) if host.field == "driver_device"

_c19_mode := {false: "read-write", true: "read-only"}

_c19_relation(match) := "a sensitive host path" if match.relation == "equal"

_c19_relation(match) := sprintf("inside the sensitive host path %q", [match.path]) if match.relation == "inside"

_c19_relation(match) := sprintf("which contains the sensitive host path %q", [match.path]) if match.relation == "contains"
