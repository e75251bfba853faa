package dockpol.network_test

import data.dockpol.lib.testing
import data.dockpol.network

test_n03_publish_all_warned[kind] if {
	some kind in ["container", "request"]
	findings := network.warn with input as testing.input_for(kind, {"publish_all_ports": true})
	testing.with_id(findings, "DKR-N03") == {{
		"id": "DKR-N03",
		"msg": `container "web" publishes all exposed ports on ephemeral host ports (publish-all).`,
		"path": ["publish_all_ports"],
	}}
}

test_n03_port_not_allowed_warned if {
	findings := network.warn with input as testing.compose({"ports": [
		port("127.0.0.1", "8080", 80),
		port("127.0.0.1", "9000", 9000),
		{"host_ip": "127.0.0.1", "host_port": null, "container_port": 53, "protocol": "udp"},
		{"host_ip": "127.0.0.1", "host_port": null, "container_port": 443, "protocol": "tcp"},
	]})
		with data.dockpol.config as {"allowed_published_ports": [8080, "443/tcp"]}
	testing.with_id(findings, "DKR-N03") == {
		{
			"id": "DKR-N03",
			"msg": `service "web" publishes container port 9000/tcp on host port 9000, which is not in allowed_published_ports.`,
			"path": ["ports", 1],
		},
		{
			"id": "DKR-N03",
			"msg": `service "web" publishes container port 53/udp on host port (ephemeral), which is not in allowed_published_ports.`,
			"path": ["ports", 2],
		},
	}
}

test_n03_passes[note] if {
	some note, tc in {
		"no allowlist": [{"ports": [port("127.0.0.1", "9000", 9000)]}, {}],
		"allowed": [{"ports": [port("127.0.0.1", "8080", 80)]}, {"allowed_published_ports": ["8080"]}],
		"publish-all unset": [{"publish_all_ports": null}, {}],
		"publish-all false": [{"publish_all_ports": false}, {}],
	}
	[overrides, config] := tc
	findings := network.warn with input as testing.compose(overrides) with data.dockpol.config as config
	count(testing.with_id(findings, "DKR-N03")) == 0
}
