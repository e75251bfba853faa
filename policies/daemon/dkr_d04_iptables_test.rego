package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d04_iptables_false_warned if {
	findings := daemon.warn with input as testing.json_doc({"iptables": false})
	lt.with_id(findings, "DKR-D04") == {{
		"id": "DKR-D04",
		"msg": "daemon.json sets iptables to false: dockerd writes no packet filter rules for containers.",
		"path": ["daemon", "iptables"],
	}}
}

test_d04_ip6tables_false_with_ipv6_warned if {
	findings := daemon.warn with input as testing.json_doc({"ipv6": true, "ip6tables": false})
	some f in lt.with_id(findings, "DKR-D04")
	f.path == ["daemon", "ip6tables"]
}

test_d04_ip6tables_false_without_ipv6_passes if {
	findings := daemon.warn with input as testing.json_doc({"ipv6": null, "ip6tables": false})
	count(lt.with_id(findings, "DKR-D04")) == 0
}

test_d04_default_or_true_passes[note] if {
	some note, value in {"unset": null, "true": true}
	findings := daemon.warn with input as testing.json_doc({"iptables": value, "ip6tables": value, "ipv6": true})
	count(lt.with_id(findings, "DKR-D04")) == 0
}
