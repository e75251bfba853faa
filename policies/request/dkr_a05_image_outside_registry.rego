package dockpol.request

# METADATA
# title: Image built, imported, loaded or committed on the host
# description: >-
#   The image does not come from a registry: `docker build`, `docker
#   import`, `docker load` and `docker commit` create images whose content
#   no registry allowlist, signature or scan has vouched for. Logged by
#   default so that the gate keeps builds working; set it to deny on hosts
#   that must run only registry images.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/image/load/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-A05
#   severity: medium
#   action: warn
#   cis: "4.2"
#   kinds: [request]
#   remediation: |-
#     Build in CI and pull the signed result from your registry:
#       docker pull registry.example.com/team/app@sha256:...
warn contains finding if {
	endpoint in {"image.build", "image.import", "image.load", "image.commit"}
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s creates an image on the host rather than pulling it from a registry.", [what]),
		"path": ["request", "endpoint"],
	}
}
