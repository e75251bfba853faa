package dockpol.daemon

# METADATA
# title: No authorization plugin
# description: >-
#   The daemon runs without an authorization plugin: every API call from
#   anyone who can reach the socket is executed without a policy check or an
#   audit record. dockpol's own plugin (dockpol authz serve) satisfies the
#   rule. Judged from daemon.json (authorization-plugins) and docker info
#   (Plugins.Authorization).
# related_resources:
#   - https://docs.docker.com/engine/extend/plugins_authorization/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D12
#   severity: medium
#   action: warn
#   cis: "2.12"
#   kinds: [daemon]
#   remediation: |-
#     Run dockpol's authorization plugin and enable it in
#     /etc/docker/daemon.json (dockerd reloads it on SIGHUP):
#       {"authorization-plugins": ["dockpol"]}
warn contains finding if {
	plugins := input.daemon.authorization_plugins
	_none(plugins)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The daemon has no authorization plugin (%s): API calls are not policy-checked.", [source("authorization_plugins")]),
		"path": ["daemon", "authorization_plugins"],
	}
}

_none(x) if x == null

_none(x) if count(x) == 0
