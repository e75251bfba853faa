package dockpol.request

import data.dockpol.lib

# METADATA
# title: Engine plugin installed or changed
# description: >-
#   Engine plugins run as root with the host access their manifest asks
#   for; installing, enabling, configuring, upgrading, pushing or removing
#   one is host administration. Allowed only for plugins named in
#   data.dockpol.config.allowed_plugins (names as `docker plugin ls` shows
#   them, "vieux/sshfs:latest"; the ":latest" tag may be left out).
# related_resources:
#   - https://docs.docker.com/engine/extend/
#   - https://docs.docker.com/reference/cli/docker/plugin/install/
# custom:
#   id: DKR-A02
#   severity: high
#   action: deny
#   kinds: [request]
#   remediation: |-
#     Manage plugins through configuration management on the host, or allow
#     the plugin by name in .dockpol.yaml:
#       data:
#         allowed_plugins: [vieux/sshfs]
deny contains finding if {
	startswith(endpoint, "plugin.")
	not plugin_name in {trim_suffix(lower(n), ":latest") | some n in lib.config_value("allowed_plugins", [])}
	finding := lib.finding(
		rego.metadata.rule(),
		sprintf("%s (%s of plugin %q) is refused: the plugin is not in allowed_plugins.", [what, trim_prefix(endpoint, "plugin."), lib.or_default(input.request.plugin.name, "")]),
		["request", "plugin"],
	)
}
