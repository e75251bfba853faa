package dockpol.request

import data.dockpol.lib

# METADATA
# title: Engine plugin installed or changed
# description: >-
#   Engine plugins run as root with the host access their manifest asks
#   for; installing, enabling, configuring, upgrading, pushing or removing
#   one is host administration. Allowed only for plugins named in
#   data.dockpol.config.allowed_plugins (names as `docker plugin ls` shows
#   them, "vieux/sshfs:latest"; the tag may be left out, and then any tag
#   is allowed). A plugin named by its ID is never on the list.
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
	not _allowed_plugin(lower(input.request.plugin.name))
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s (%s of plugin %q) is refused: the plugin is not in allowed_plugins.", [what, trim_prefix(endpoint, "plugin."), lib.or_default(input.request.plugin.name, "")]),
		"path": ["request", "plugin"],
	}
}

_allowed_plugin(name) if {
	some n in object.get(lib.config, "allowed_plugins", [])
	_plugin_match(name, lower(n))
}

# an entry with a tag allows that tag ("latest" when the request has none)
_plugin_match(name, entry) if {
	_tagged(entry)
	_with_tag(name) == entry
}

# an entry without a tag allows every tag
_plugin_match(name, entry) if {
	not _tagged(entry)
	untagged(name) == entry
}

_tagged(ref) if regex.match(`:[^/]*$`, ref)

_with_tag(name) := name if {
	_tagged(name)
} else := concat("", [name, ":latest"])
