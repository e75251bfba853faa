package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d07_tcp_without_tls_denied if {
	findings := daemon.deny with input as testing.json_doc({"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]})
	lt.with_id(findings, "DKR-D07") == {{
		"id": "DKR-D07",
		"msg": "daemon.json makes the daemon listen on tcp://0.0.0.0:2375 without TLS: anyone who reaches the port controls the host.",
		"path": ["daemon", "hosts", 1],
	}}
}

test_d07_tls_without_verify_denied if {
	findings := daemon.deny with input as testing.json_doc({"hosts": ["tcp://10.0.0.5:2376"], "tls": true, "tlsverify": null})
	some f in lt.with_id(findings, "DKR-D07")
	contains(f.msg, "with TLS but without verifying client certificates")
}

test_d07_bare_host_port_is_tcp if {
	findings := daemon.deny with input as testing.json_doc({"hosts": ["0.0.0.0:2375"]})
	count(lt.with_id(findings, "DKR-D07")) == 1
}

test_d07_docker_info_warning_denied if {
	findings := daemon.deny with input as testing.info_doc({"warnings": ["WARNING: API is accessible on http://0.0.0.0:2375 without encryption.\n         Access to the remote API is equivalent to root access on the host."]})
	some f in lt.with_id(findings, "DKR-D07")
	f.path == ["daemon", "warnings", 0]
}

test_d07_local_sockets_and_tlsverify_pass[note] if {
	some note, overrides in {
		"unix only": {"hosts": ["unix:///var/run/docker.sock", "fd://"]},
		"tls verified": {"hosts": ["tcp://0.0.0.0:2376"], "tls": true, "tlsverify": true},
		"no hosts": {"hosts": null},
	}
	findings := daemon.deny with input as testing.json_doc(overrides)
	count(lt.with_id(findings, "DKR-D07")) == 0
}

test_d07_other_info_warnings_pass if {
	findings := daemon.deny with input as testing.info_doc({"warnings": ["WARNING: No swap limit support"]})
	count(lt.with_id(findings, "DKR-D07")) == 0
}
