package dockpol.container

import data.dockpol.lib

# METADATA
# title: Volume shared between containers
# description: >-
#   The container shares its data with another container: it mounts every
#   volume of another container or service (`volumes_from`,
#   `--volumes-from`), which follows whatever volumes the other gains later,
#   or it mounts read-write a named volume or host path that another service
#   of the same compose project mounts too (a mount's `shared_with`). Either
#   side can tamper with or corrupt what the other reads. A shared mount is
#   reported on each service that can write to it; read-only users and
#   engine sockets (DKR-C18) are not reported. Intended sharing can be
#   allowed: data.dockpol.config.allowed_volumes_from (service or container
#   names, without `container:` or `:ro`) and allowed_shared_mounts (volume
#   names or bind sources as the document writes them, e.g. "./html");
#   both default to none. Only compose documents say which mounts are shared.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#volumes_from
#   - https://docs.docker.com/reference/compose-file/services/#volumes
#   - https://docs.docker.com/reference/cli/docker/container/run/#volumes-from
# custom:
#   id: DKR-C21
#   severity: low
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     Give each service its own volume, and mount a volume another service
#     writes read-only where the service only reads it, instead of
#     everything another container has:
#       volumes:
#         - reports:/reports:ro
warn contains finding if {
	some item in _c21_shared
	finding := {"id": rego.metadata.rule().custom.id, "msg": item.msg, "path": item.path}
}

_c21_shared contains {"msg": msg, "path": ["volumes_from", i]} if {
	some i, entry in input.container.volumes_from
	source := split(trim_prefix(entry, "container:"), ":")[0]
	not source in _c21_allowed_volumes_from
	msg := sprintf("%s mounts the volumes of %q (volumes_from %q), sharing its data with it.", [lib.subject, source, entry])
}

_c21_shared contains {"msg": msg, "path": ["mounts", i]} if {
	some i, mount in input.container.mounts
	mount.read_only == false
	count(mount.shared_with) > 0
	not lib.engine_socket(mount.source)
	not mount.source in _c21_allowed_shared_mounts
	what := {"bind": "host path", "volume": "volume"}[mount.type]
	msg := sprintf(
		"%s mounts the %s %q read-write, and %s mount%s it too, so they can tamper with each other's data.",
		[lib.subject, what, mount.source, _c21_names(mount.shared_with), _c21_s(mount.shared_with)],
	)
}

# The allow lists, read once per evaluation.
_c21_allowed_volumes_from := object.get(lib.config, "allowed_volumes_from", [])

_c21_allowed_shared_mounts := object.get(lib.config, "allowed_shared_mounts", [])

_c21_names(names) := concat(", ", [sprintf("%q", [n]) | some n in names])

_c21_s(names) := "s" if count(names) == 1

_c21_s(names) := "" if count(names) != 1
