package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d05_insecure_registry_denied if {
	findings := daemon.deny with input as testing.json_doc({"insecure_registries": ["127.0.0.0/8", "registry.internal:5000"]})
	lt.with_id(findings, "DKR-D05") == {{
		"id": "DKR-D05",
		"msg": "The daemon treats registry \"registry.internal:5000\" as insecure (daemon.json): images from it are pulled without TLS verification.",
		"path": ["daemon", "insecure_registries", 1],
	}}
}

test_d05_insecure_cidr_from_docker_info_denied if {
	findings := daemon.deny with input as testing.info_doc({"insecure_registries": ["10.0.0.0/8"]})
	some f in lt.with_id(findings, "DKR-D05")
	contains(f.msg, "(docker info)")
}

test_d05_none_or_loopback_passes[note] if {
	some note, list in {
		"unset": null,
		"empty": [],
		"loopback": ["127.0.0.0/8", "::1/128", "localhost:5000", "127.0.0.1:5000"],
	}
	findings := daemon.deny with input as testing.json_doc({"insecure_registries": list})
	count(lt.with_id(findings, "DKR-D05")) == 0
}
