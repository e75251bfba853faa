package dockpol.daemon

import data.dockpol.lib

# METADATA
# title: Docker engine outdated
# description: >-
#   The engine is older than the minimum version the organisation supports:
#   it may lack security fixes (container escapes such as CVE-2024-21626 in
#   runc, authorization bypasses such as CVE-2024-41110). The minimum comes
#   from data.dockpol.config.min_engine_version, default "28.0.0"; a
#   distribution package that backports fixes to an older version can be
#   accepted by lowering it. Judged from docker info (ServerVersion).
# related_resources:
#   - https://docs.docker.com/engine/release-notes/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D20
#   severity: medium
#   action: warn
#   cis: "1.2.2"
#   kinds: [daemon]
#   remediation: |-
#     Upgrade Docker Engine to a maintained release, or set the minimum
#     your distribution supports in .dockpol.yaml:
#       data:
#         min_engine_version: "20.10.24"
warn contains finding if {
	version := input.daemon.engine.version
	minimum := object.get(lib.config, "min_engine_version", "28.0.0")
	version_less(version, minimum)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The engine is version %s, older than the minimum supported %s.", [version, minimum]),
		"path": ["daemon", "engine", "version"],
	}
}
