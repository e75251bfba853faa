package dockpol.request

# METADATA
# title: Authorization plugin switched off through the API
# description: >-
#   The request disables, removes, reconfigures or upgrades the managed
#   plugin that enforces this policy: once it is off the Engine stops
#   asking for decisions. The plugin names are
#   data.dockpol.config.authz_plugin_names (default ["dockpol",
#   "dockpol/authz"], any tag, or below a registry: "example.com/dockpol").
#   Never allowed through the API, whatever allowed_plugins says.
# related_resources:
#   - https://docs.docker.com/engine/extend/plugins_authorization/
# custom:
#   id: DKR-A03
#   severity: critical
#   action: deny
#   kinds: [request]
#   remediation: |-
#     Change the authorization plugin from the host itself: edit
#     /etc/docker/daemon.json ("authorization-plugins") and reload dockerd,
#     following the break-glass procedure in docs/authz.md.
deny contains finding if {
	endpoint in {"plugin.disable", "plugin.remove", "plugin.set", "plugin.upgrade"}
	_authz_plugin(plugin_name)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s would switch off the authorization plugin %q.", [what, input.request.plugin.name]),
		"path": ["request", "plugin", "name"],
	}
}

_authz_plugin(name) if name in authz_plugins

# a managed plugin's name carries its repository: "example/dockpol"
_authz_plugin(name) if {
	some n in authz_plugins
	endswith(name, concat("", ["/", n]))
}
