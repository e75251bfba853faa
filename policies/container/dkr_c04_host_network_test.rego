package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c04_host_network_denied[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.deny with input as testing.input_for(kind, {"namespaces": {"network": "host"}})
	some f in testing.with_id(findings, "DKR-C04")
	f.path == ["namespaces", "network"]
	contains(f.msg, "shares the host's network namespace")
}

test_c04_other_network_modes_pass[mode] if {
	some mode in [null, "bridge", "none", "container:vpn", "shop_default"]
	findings := container.deny with input as testing.compose({"namespaces": {"network": mode}})
	count(testing.with_id(findings, "DKR-C04")) == 0
}
