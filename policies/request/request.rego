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
# its tag ("vieux/sshfs:latest" is "vieux/sshfs").
plugin_name := untagged(input.request.plugin.name)

# untagged lower-cases a plugin reference and drops its tag.
untagged(name) := regex.replace(lower(name), `:[^/]*$`, "")

# authz_plugins are the names the authorization plugin runs under (the
# legacy plugin "dockpol", the managed plugin "dockpol/authz"): a request
# that switches one off turns enforcement off.
authz_plugins := {untagged(n) | some n in object.get(lib.config, "authz_plugin_names", ["dockpol", "dockpol/authz"])}
