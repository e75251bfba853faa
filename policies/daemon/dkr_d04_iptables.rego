package dockpol.daemon

# METADATA
# title: Docker's iptables management disabled
# description: >-
#   With iptables (or ip6tables) set to false dockerd writes no packet
#   filter rules: published ports are not forwarded as configured and the
#   isolation between networks that Docker's rules enforce is gone, unless
#   the administrator writes equivalent rules by hand. ip6tables is judged
#   only when IPv6 is enabled (ipv6: true), since without it there is no
#   IPv6 traffic to filter.
# related_resources:
#   - https://docs.docker.com/engine/network/packet-filtering-firewalls/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D04
#   severity: medium
#   action: warn
#   cis: "2.4"
#   kinds: [daemon]
#   remediation: |-
#     Remove "iptables": false (and "ip6tables": false) from
#     /etc/docker/daemon.json so dockerd manages its packet filter rules;
#     add site rules to the DOCKER-USER chain instead of disabling Docker's.
warn contains finding if {
	some v in _d04_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _d04_violations are the rule's violations: {msg, path}.
_d04_violations contains v if {
	input.daemon.iptables == false
	v := {"msg": "daemon.json sets iptables to false: dockerd writes no packet filter rules for containers.", "path": ["daemon", "iptables"]}
}

_d04_violations contains v if {
	input.daemon.ip6tables == false
	input.daemon.ipv6 == true
	v := {"msg": "daemon.json enables IPv6 but sets ip6tables to false: dockerd writes no IPv6 packet filter rules for containers.", "path": ["daemon", "ip6tables"]}
}
