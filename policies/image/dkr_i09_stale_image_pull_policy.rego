package dockpol.image

import data.dockpol.lib

# METADATA
# title: Stale image (pull policy)
# description: >-
#   The service's pull_policy keeps using whatever image is cached on the
#   host (`never`, `missing` or its alias `if_not_present`), so security
#   fixes published under the same tag are not picked up until someone
#   pulls by hand. An advisory proxy for CIS 5.28: only a policy written in
#   the compose file is judged (Compose's default, `missing`, is left to
#   the deployment process), and services with `build:` are skipped.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#pull_policy
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-I09
#   severity: low
#   action: warn
#   cis: "5.28"
#   kinds: [compose]
#   remediation: |-
#     Pull the tag on every deploy, or regularly, and pin the result by
#     digest:
#       pull_policy: always    # or: daily / weekly
warn contains finding if {
	policy := input.container.pull_policy
	policy in {"never", "missing", "if_not_present"}
	object.get(input.container, "build", null) == null
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s sets pull_policy %q, so a cached image is used without checking for updates.", [lib.subject, policy]),
		"path": ["pull_policy"],
	}
}
