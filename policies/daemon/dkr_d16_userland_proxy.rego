package dockpol.daemon

# METADATA
# title: Userland proxy enabled
# description: >-
#   With the userland proxy (dockerd's default) every published port runs a
#   docker-proxy process as root on the host, and traffic can reach
#   containers through loopback paths the iptables rules would otherwise
#   handle. The kernel's NAT does the same job with less attack surface.
#   Judged from daemon.json; docker info does not report it.
# related_resources:
#   - https://docs.docker.com/engine/network/packet-filtering-firewalls/
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D16
#   severity: low
#   action: warn
#   cis: "2.16"
#   kinds: [daemon]
#   remediation: |-
#     Disable it in /etc/docker/daemon.json (hairpin NAT then needs the
#     kernel's route_localnet, which dockerd sets):
#       {"userland-proxy": false}
warn contains finding if {
	proxy := input.daemon.userland_proxy
	proxy != false
	msg := {
		true: "daemon.json does not set userland-proxy, so dockerd's default applies: a root docker-proxy process runs for every published port.",
		false: "daemon.json enables the userland proxy: a root docker-proxy process runs for every published port.",
	}[proxy == null]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["daemon", "userland_proxy"]}
}
