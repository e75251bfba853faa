package dockpol.container

import data.dockpol.lib

# METADATA
# title: Volumes shared from another container
# description: >-
#   The container mounts every volume of another container or service
#   (`volumes_from`, `--volumes-from`): either side can tamper with or
#   corrupt the other's data, and the sharing follows whatever volumes the
#   other container gains later. Intended sharing (a backup sidecar, say)
#   can be allowed by source name with
#   data.dockpol.config.allowed_volumes_from (default: none; entries are
#   service or container names, without `container:` or `:ro`). Named
#   volumes mounted by several services are not judged here: a container
#   rule sees one container.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#volumes_from
#   - https://docs.docker.com/reference/cli/docker/container/run/#volumes-from
# custom:
#   id: DKR-C21
#   severity: low
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     Mount only the named volume the service needs, read-only where it only
#     reads, instead of everything another container has:
#       volumes:
#         - reports:/reports:ro
warn contains finding if {
	some i, entry in input.container.volumes_from
	source := split(trim_prefix(entry, "container:"), ":")[0]
	not source in lib.config_value("allowed_volumes_from", [])
	finding := lib.finding(
		rego.metadata.rule(),
		sprintf("%s mounts the volumes of %q (volumes_from %q), sharing its data with it.", [lib.subject, source, entry]),
		["volumes_from", i],
	)
}
