package dockpol.container

import data.dockpol.lib

# METADATA
# title: no-new-privileges not set
# description: >-
#   The container does not set `no-new-privileges` (or sets it false):
#   setuid and setcap binaries inside it can still raise a process's
#   privileges (su, sudo, a vulnerable setuid helper). Satisfied daemon-wide
#   when the document knows the daemon sets it (daemon fact
#   `no_new_privileges` true: daemon.json `"no-new-privileges": true`, docker
#   info `SecurityOptions` `name=no-new-privileges`; see DKR-D14). Not set is
#   judged for compose files, inspected containers and create requests.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#security-opt
#   - https://docs.docker.com/reference/compose-file/services/#security_opt
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C16
#   severity: medium
#   action: warn
#   cis: "5.26"
#   kinds: [compose, container, request]
#   remediation: |-
#     Set no-new-privileges on the container:
#       security_opt: ["no-new-privileges=true"]
#     (`--security-opt no-new-privileges=true`), or daemon-wide in
#     daemon.json: `"no-new-privileges": true`.
warn contains finding if {
	nnp := input.container.security.no_new_privileges
	nnp in {null, false}
	input.document.kind in rego.metadata.rule().custom.kinds
	not input.document.daemon.no_new_privileges == true
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s %s, so setuid binaries inside it can raise privileges.", [lib.subject, _c16_what[nnp]]),
		"path": ["security", "no_new_privileges"],
	}
}

_c16_what := {false: "sets no-new-privileges=false", null: "does not set no-new-privileges"}
