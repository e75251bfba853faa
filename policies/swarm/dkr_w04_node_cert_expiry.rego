package dockpol.swarm

import data.dockpol.lib

# METADATA
# title: Node certificate expiry too long
# description: >-
#   The swarm issues node certificates valid for longer than the configured
#   maximum, so a leaked node certificate stays usable longer and rotation
#   happens rarely. Docker's default is 90 days (2160h). Advisory, judged on
#   managers from docker info (Swarm.Cluster.Spec.CAConfig.NodeCertExpiry).
#   The maximum is data.dockpol.config.swarm_max_node_cert_expiry_hours
#   (default 2160).
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/swarm/update/
#   - https://docs.docker.com/engine/swarm/how-swarm-mode-works/pki/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-W04
#   severity: low
#   action: warn
#   cis: "7.7"
#   kinds: [daemon]
#   remediation: |-
#     Shorten the node certificate lifetime (and rotate now if needed):
#       docker swarm update --cert-expiry 2160h
#       docker swarm ca --rotate
warn contains finding if {
	manager
	expiry := input.daemon.swarm.node_cert_expiry_ns
	is_number(expiry)
	max_hours := object.get(lib.config, "swarm_max_node_cert_expiry_hours", 2160)
	expiry > (max_hours * 3600) * 1000000000
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("The swarm issues node certificates valid for %dh, longer than the maximum of %vh.", [round(expiry / 3600000000000), max_hours]),
		"path": ["daemon", "swarm", "node_cert_expiry_ns"],
	}
}
