package dockpol.network_test

import data.dockpol.lib.testing
import data.dockpol.network

test_n05_network_mode_warned[mode] if {
	some mode in ["bridge", "default"]
	findings := network.warn with input as testing.compose({"networks": [], "namespaces": {"network": mode}})
	testing.with_id(findings, "DKR-N05") == {{
		"id": "DKR-N05",
		"msg": sprintf(`service "web" uses the default bridge network (network mode %q).`, [mode]),
		"path": ["namespaces", "network"],
	}}
}

test_n05_engine_default_network_warned[kind] if {
	some kind in ["container", "request"]
	findings := network.warn with input as testing.input_for(kind, {"networks": ["bridge"]})
	testing.with_id(findings, "DKR-N05") == {{
		"id": "DKR-N05",
		"msg": `container "web" is attached to the default bridge network (docker0).`,
		"path": ["networks", 0],
	}}
}

test_n05_request_bridge_mode_reported_once if {
	findings := network.warn with input as testing.input_for("request", {"networks": ["bridge"], "namespaces": {"network": "bridge"}})
	count(testing.with_id(findings, "DKR-N05")) == 1
}

test_n05_compose_external_bridge_warned if {
	doc := testing.compose({"networks": ["bridge"]})
	findings := network.warn with input as json.patch(doc, [{"op": "add", "path": "/document/networks/-", "value": {"name": "bridge", "driver": null, "external": true, "internal": false}}])
	count(testing.with_id(findings, "DKR-N05")) == 1
}

test_n05_passes[note] if {
	some note, doc in {
		"compose default network": testing.compose({}),
		"compose network named bridge, not external": json.patch(testing.compose({"networks": ["bridge"]}), [{"op": "add", "path": "/document/networks/-", "value": {"name": "bridge", "driver": null, "external": false, "internal": false}}]),
		"user-defined network": testing.input_for("container", {"networks": ["app_net"]}),
		"host network": testing.input_for("container", {"networks": [], "namespaces": {"network": "host"}}),
	}
	findings := network.warn with input as doc
	count(testing.with_id(findings, "DKR-N05")) == 0
}
