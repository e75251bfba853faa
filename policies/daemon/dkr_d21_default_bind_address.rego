package dockpol.daemon

# METADATA
# title: Default publish address is all interfaces
# description: >-
#   The daemon's ip setting, the host address a published port binds to
#   when none is given, is 0.0.0.0 (its default) or ::: every `-p 80:80`
#   and every compose `ports: ["80:80"]` is then reachable from every
#   network the host is on, past host firewall rules, since Docker writes
#   its own. Judged from daemon.json; docker info does not report it.
# related_resources:
#   - https://docs.docker.com/engine/network/packet-filtering-firewalls/#setting-the-default-bind-address-for-containers
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file
# custom:
#   id: DKR-D21
#   severity: medium
#   action: warn
#   kinds: [daemon]
#   remediation: |-
#     Make loopback the default in /etc/docker/daemon.json, so a port is
#     public only when a host address is written for it:
#       {"ip": "127.0.0.1"}
warn contains finding if {
	ip := input.daemon.ip
	ip in {null, "0.0.0.0", "::", "[::]"}
	msg := {
		true: "daemon.json does not set ip, so ports published without a host address bind to all interfaces (0.0.0.0).",
		false: sprintf("daemon.json sets ip to %s: ports published without a host address bind to all interfaces.", [ip]),
	}[ip == null]
	finding := {"id": rego.metadata.rule().custom.id, "msg": msg, "path": ["daemon", "ip"]}
}
