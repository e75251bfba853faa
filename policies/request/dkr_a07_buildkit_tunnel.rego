package dockpol.request

# METADATA
# title: BuildKit session or gRPC tunnel opened
# description: >-
#   POST /session and POST /grpc upgrade the connection to BuildKit's own
#   protocol: what is built and which secrets or SSH agents are forwarded
#   travels inside the tunnel, which the authorization plugin never sees.
#   Logged by default so that `docker build` keeps working.
# related_resources:
#   - https://docs.docker.com/build/buildkit/
# custom:
#   id: DKR-A07
#   severity: low
#   action: warn
#   kinds: [request]
#   remediation: |-
#     Build in CI rather than on production hosts; to refuse builds on a
#     host, set the rule to deny in the gate's configuration:
#       action:
#         DKR-A07: deny
warn contains finding if {
	endpoint in {"session", "grpc"}
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s opens a BuildKit tunnel whose requests the authorization plugin cannot see.", [what]),
		"path": ["request", "endpoint"],
	}
}
