package dockpol.request

# METADATA
# title: Unknown mutating Engine API endpoint
# description: >-
#   The request changes something through an endpoint that is not in
#   dockpol's endpoint table (docs/authz.md), or through a path the plugin
#   could not read. An endpoint the policy does not know cannot be judged,
#   so the gate fails closed; read-only requests (GET, HEAD) and /_ping are
#   always allowed.
# related_resources:
#   - https://docs.docker.com/reference/api/engine/
#   - https://docs.docker.com/engine/extend/plugins_authorization/
# custom:
#   id: DKR-A01
#   severity: high
#   action: deny
#   kinds: [request]
#   remediation: |-
#     Use the documented endpoint for the task; if a new Engine API
#     endpoint must be allowed, switch this rule to warn for the hosts that
#     need it in .dockpol.yaml:
#       action:
#         DKR-A01: warn
deny contains finding if {
	input.request.mutating == true
	endpoint == "unknown"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s is not a known Engine API endpoint, so it is refused.", [what]),
		"path": ["request", "path"],
	}
}
