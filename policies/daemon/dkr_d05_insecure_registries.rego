package dockpol.daemon

# METADATA
# title: Insecure registries configured
# description: >-
#   The daemon pulls from a registry over plain HTTP or without checking its
#   TLS certificate: anyone on the path can substitute the images it runs.
#   Judged from daemon.json (insecure-registries) and docker info
#   (RegistryConfig: insecure CIDRs other than the loopback ranges dockerd
#   always lists, and registries whose index config is not secure).
#   Loopback registries (127.0.0.0/8, ::1, localhost) do not fire.
# related_resources:
#   - https://docs.docker.com/reference/cli/dockerd/#insecure-registries
#   - https://docs.docker.com/engine/security/certificates/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D05
#   severity: high
#   action: deny
#   cis: "2.5"
#   kinds: [daemon]
#   remediation: |-
#     Serve the registry over TLS with a certificate the host trusts
#     (/etc/docker/certs.d/<registry>/ca.crt) and remove it from
#     "insecure-registries" in /etc/docker/daemon.json.
deny contains finding if {
	some i, registry in input.daemon.insecure_registries
	not _loopback_registry(registry)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The daemon treats registry %q as insecure (%s): images from it are pulled without TLS verification.", [registry, source("insecure_registries")]),
		"path": ["daemon", "insecure_registries", i],
	}
}

_loopback_registry(r) if r in {"127.0.0.0/8", "::1/128", "127.0.0.1", "::1", "localhost"}

_loopback_registry(r) if regex.match(`^(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?$`, r)
