package dockpol.network_test

import data.dockpol.lib.testing
import data.dockpol.network

port(host_ip, host_port, container_port) := {
	"host_ip": host_ip,
	"host_port": host_port,
	"container_port": container_port,
	"protocol": "tcp",
}

test_n01_all_interfaces_warned[note] if {
	some note, host_ip in {"no host IP": null, "empty": "", "IPv4 any": "0.0.0.0", "IPv6 any": "::"}
	findings := network.warn with input as testing.compose({"ports": [port(host_ip, "8080", 80)]})
	testing.with_id(findings, "DKR-N01") == {{
		"id": "DKR-N01",
		"msg": `service "web" publishes container port 80/tcp on host port 8080 on all interfaces.`,
		"path": ["ports", 0],
	}}
}

test_n01_ephemeral_port_warned if {
	findings := network.warn with input as testing.input_for("request", {"ports": [
		port("127.0.0.1", "8443", 443),
		{"host_ip": null, "host_port": null, "container_port": 53, "protocol": "udp"},
	]})
	testing.with_id(findings, "DKR-N01") == {{
		"id": "DKR-N01",
		"msg": `container "web" publishes container port 53/udp on an ephemeral host port on all interfaces.`,
		"path": ["ports", 1],
	}}
}

test_n01_specific_address_passes[host_ip] if {
	some host_ip in ["127.0.0.1", "::1", "192.168.1.10", "10.0.0.5"]
	findings := network.warn with input as testing.compose({"ports": [port(host_ip, "8080", 80)]})
	count(testing.with_id(findings, "DKR-N01")) == 0
}

test_n01_no_ports_passes if {
	findings := network.warn with input as testing.compose({"ports": []})
	count(testing.with_id(findings, "DKR-N01")) == 0
}

test_n01_allowed_public_ports[note] if {
	some note, allowed in {"strings": ["80", "443"], "numbers": [80, 443]}
	findings := network.warn with input as testing.compose({"ports": [
		port(null, "443", 8443),
		port("0.0.0.0", "8080", 80),
	]})
		with data.dockpol.config as {"allowed_public_ports": allowed}
	{f.path | some f in testing.with_id(findings, "DKR-N01")} == {["ports", 1]}
}

test_n01_discarded_ports_pass[mode] if {
	# KICS's healthcheck tests publish 8092:8092 with network_mode: host,
	# where the Engine discards published ports
	some mode in ["host", "none", "container:vpn"]
	c := {"ports": [{"host_ip": null, "host_port": "8092", "container_port": 8092, "protocol": "tcp"}], "namespaces": {"network": mode, "pid": null, "ipc": null, "uts": null, "cgroup": null, "userns": null}}
	findings := network.warn with input as testing.compose(c)
	count(testing.with_id(findings, "DKR-N01")) == 0
}
