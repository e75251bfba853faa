package dockpol.daemon

# METADATA
# title: Remote API without TLS client verification
# description: >-
#   The daemon listens on a TCP socket without verifying TLS client
#   certificates: anyone who can reach the port controls the daemon, which
#   is root on the host. Judged from daemon.json (a hosts entry that is not
#   a unix, fd or npipe socket, without tlsverify: true) and from docker
#   info, whose Warnings say when the API is reachable without encryption or
#   without client verification.
# related_resources:
#   - https://docs.docker.com/engine/security/protect-access/
#   - https://docs.docker.com/reference/cli/dockerd/#daemon-socket-option
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-D07
#   severity: critical
#   action: deny
#   cis: "2.7"
#   kinds: [daemon]
#   remediation: |-
#     Reach remote daemons over SSH (DOCKER_HOST=ssh://user@host), or
#     require client certificates on the TCP socket:
#       {"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],
#        "tlsverify": true, "tlscacert": "/etc/docker/ca.pem",
#        "tlscert": "/etc/docker/server-cert.pem", "tlskey": "/etc/docker/server-key.pem"}
deny contains finding if {
	some v in _d07_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _d07_violations are the rule's violations: {msg, path}.
_d07_violations contains v if {
	some i, host in input.daemon.hosts
	_tcp_host(host)
	input.daemon.tlsverify != true
	how := {
		true: "with TLS but without verifying client certificates",
		false: "without TLS",
	}[input.daemon.tls == true]
	v := {"msg": sprintf("daemon.json makes the daemon listen on %s %s: anyone who reaches the port controls the host.", [host, how]), "path": ["daemon", "hosts", i]}
}

_d07_violations contains v if {
	some i, warning in input.daemon.warnings
	_api_warning(warning)
	v := {"msg": sprintf("docker info warns that the daemon API is reachable over TCP without TLS client verification: %q.", [trim_space(trim_prefix(split(warning, "\n")[0], "WARNING:"))]), "path": ["daemon", "warnings", i]}
}

# _tcp_host: a daemon socket other than a local unix socket, a systemd fd
# or a Windows named pipe ("tcp://...", or "host:port" which dockerd reads
# as TCP).
_tcp_host(host) if {
	h := lower(trim_space(host))
	not startswith(h, "unix://")
	not startswith(h, "fd://")
	not startswith(h, "npipe://")
	not startswith(h, "/")
}

_api_warning(w) if contains(w, "API is accessible on http://")

_api_warning(w) if contains(w, "without TLS client verification")

_api_warning(w) if {
	contains(w, "API is accessible on")
	contains(w, "without encryption")
}
