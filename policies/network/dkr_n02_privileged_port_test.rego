package dockpol.network_test

import data.dockpol.lib.testing
import data.dockpol.network

test_n02_privileged_port_warned[kind] if {
	some kind in ["compose", "container", "request"]
	findings := network.warn with input as testing.input_for(kind, {"ports": [port("127.0.0.1", "80", 8080)]})
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-N02") == {{
		"id": "DKR-N02",
		"msg": sprintf(`%s "web" publishes container port 8080/tcp on the privileged host port 80.`, [noun]),
		"path": ["ports", 0],
	}}
}

test_n02_spellings[note] if {
	some note, host_port in {"number": 443, "range": "22-23", "one": "1"}
	findings := network.warn with input as testing.compose({"ports": [port("127.0.0.1", host_port, 22)]})
	count(testing.with_id(findings, "DKR-N02")) == 1
}

test_n02_passes[note] if {
	some note, host_port in {"1024": "1024", "8080": "8080", "ephemeral": null, "zero": "0", "not a number": "${PORT}"}
	findings := network.warn with input as testing.compose({"ports": [port("127.0.0.1", host_port, 80)]})
	count(testing.with_id(findings, "DKR-N02")) == 0
}

test_n02_allowed_privileged_ports[note] if {
	some note, allowed in {"strings": ["80", "443"], "numbers": [80, 443]}
	findings := network.warn with input as testing.compose({"ports": [port("127.0.0.1", "443", 8443), port("127.0.0.1", "25", 25)]})
		with data.dockpol.config as {"allowed_privileged_ports": allowed}
	{f.path | some f in testing.with_id(findings, "DKR-N02")} == {["ports", 1]}
}

test_n02_discarded_ports_pass[mode] if {
	some mode in ["host", "none", "container:vpn"]
	c := {"ports": [{"host_ip": null, "host_port": "80", "container_port": 80, "protocol": "tcp"}], "namespaces": {"network": mode, "pid": null, "ipc": null, "uts": null, "cgroup": null, "userns": null}}
	findings := network.warn with input as testing.compose(c)
	count(testing.with_id(findings, "DKR-N02")) == 0
}
