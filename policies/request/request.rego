# Package request holds the rules that judge Docker Engine API requests as
# the authorization plugin sees them (`dockpol authz serve`): the endpoint
# table's default decisions, bodies that cannot be judged, execs, container
# updates, volume creates and image pulls. A create request's container is
# judged by the container rules; these rules see the whole request
# document (input.request, see docs/authz.md).
package dockpol.request

import data.dockpol.lib

# endpoint is the endpoint the request hits ("container.create", "unknown").
endpoint := input.request.endpoint

# what names the request in messages: "POST /containers/create".
what := sprintf("%s %s", [input.request.method, lib.or_default(input.request.path, "(unreadable path)")])

# plugin_name is the plugin a plugin endpoint acts on, lower case, without
# a ":latest" tag.
plugin_name := trim_suffix(lower(input.request.plugin.name), ":latest")

# authz_plugins are the names the authorization plugin runs under: a
# request that switches one off turns enforcement off.
authz_plugins := {lower(n) | some n in lib.config_value("authz_plugin_names", ["dockpol"])}
