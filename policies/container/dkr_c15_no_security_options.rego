package dockpol.container

import data.dockpol.lib

# METADATA
# title: No security options set
# description: >-
#   The container sets no security options at all (`security_opt` absent or
#   empty): nothing hardens it beyond Docker's defaults, not even
#   `no-new-privileges`. Advisory: the default seccomp and AppArmor profiles
#   still apply. Not set is judged for compose files, inspected containers
#   and create requests.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C15
#   severity: low
#   action: warn
#   cis: "5.3"
#   kinds: [compose, container, request]
#   remediation: |-
#     Harden the container with security options, at least:
#       security_opt: ["no-new-privileges=true"]
#     (`--security-opt no-new-privileges=true`), and a custom seccomp or
#     AppArmor profile where the service allows it.
warn contains finding if {
	input.container.security.options in {null, []}
	input.document.kind in rego.metadata.rule().custom.kinds
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s sets no security options, so nothing hardens it beyond Docker's defaults.", [lib.subject]),
		"path": ["security", "options"],
	}
}
