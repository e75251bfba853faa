package dockpol.daemon

# METADATA
# title: Legacy registry v1 enabled
# description: >-
#   The daemon may talk to registries with the obsolete v1 protocol, which
#   has no content addressing. Engines since 17.12 dropped v1 support, so
#   the catalog's "disable-legacy-registry not true" would fire on every
#   current daemon.json: refined to fire when daemon.json sets
#   disable-legacy-registry to false, or when the engine is known to be
#   older than 17.12 (docker info) and v1 is not disabled.
# related_resources:
#   - https://docs.docker.com/engine/deprecated/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D19
#   severity: low
#   action: warn
#   kinds: [daemon]
#   remediation: |-
#     Upgrade the engine (DKR-D20); on an old engine set
#       {"disable-legacy-registry": true}
#     in /etc/docker/daemon.json. Remove the key on current engines.
warn contains finding if {
	some v in _d19_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _d19_violations are the rule's violations: {msg, path}.
_d19_violations contains v if {
	input.daemon.disable_legacy_registry == false
	v := {"msg": "daemon.json sets disable-legacy-registry to false, enabling the obsolete v1 registry protocol.", "path": ["daemon", "disable_legacy_registry"]}
}

_d19_violations contains v if {
	object.get(input.daemon, "disable_legacy_registry", null) != true
	version := input.daemon.engine.version
	version_less(version, "17.12.0")
	v := {"msg": sprintf("The engine is version %s, older than 17.12, and does not disable the v1 registry protocol.", [version]), "path": ["daemon", "engine", "version"]}
}
