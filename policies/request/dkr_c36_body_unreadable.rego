package dockpol.request

import data.dockpol.lib

# METADATA
# title: Authz request body missing or unparseable
# description: >-
#   A request whose body decides what it does (container create, exec,
#   update, volume create, service create/update, a start carrying a
#   HostConfig) reached the plugin without a body it could read the way
#   dockerd reads it: no body (dockerd forwards bodies only for
#   Content-Type application/json, and engines up to v28 silently drop
#   bodies of 1 MiB or more while still executing the request), a body
#   that is not valid JSON for the API type, JSON followed by more data, or
#   a form-encoded body whose values dockerd merges into the query. The
#   plugin cannot judge it, so it fails closed (CVE-2024-41110,
#   GHSA-v23v-6jw2-98fq).
# related_resources:
#   - https://github.com/moby/moby/security/advisories/GHSA-v23v-6jw2-98fq
#   - https://docs.docker.com/engine/extend/plugins_authorization/
# custom:
#   id: DKR-C36
#   severity: critical
#   action: deny
#   kinds: [request]
#   remediation: |-
#     Send the request with `Content-Type: application/json` and a JSON body
#     below 1 MiB, as the docker CLI and SDKs do; keep large payloads (many
#     environment variables, labels) in files or configs instead.
deny contains finding if {
	input.request.body.required == true
	input.request.body.state != "decoded"
	reason := lib.or_default(input.request.body.error, input.request.body.state)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s cannot be judged, so it is refused: %s.", [what, trim_suffix(reason, ".")]),
		"path": ["request", "body"],
	}
}
