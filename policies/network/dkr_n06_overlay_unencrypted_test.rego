package dockpol.network_test

import data.dockpol.network

n06_input(opts, external) := {
	"container": {"name": "api", "networks": ["backend"]},
	"document": {"kind": "compose", "networks": [{"name": "backend", "driver": "overlay", "external": external, "internal": false, "driver_opts": opts}]},
}

n06_findings contains f if {
	some f in network.warn
	f.id == "DKR-N06"
}

test_n06_unencrypted_overlay_warned if {
	some f in network.warn with input as n06_input({}, false)
	f.id == "DKR-N06"
	f.path == ["networks", 0]
}

test_n06_encrypted_overlay_passes if {
	count(n06_findings) == 0 with input as n06_input({"encrypted": "true"}, false)
}

test_n06_encrypted_empty_value_passes if {
	count(n06_findings) == 0 with input as n06_input({"encrypted": ""}, false)
}

test_n06_external_network_not_judged if {
	count(n06_findings) == 0 with input as n06_input({}, true)
}

test_n06_bridge_network_passes if {
	count(n06_findings) == 0 with input as {
		"container": {"name": "api", "networks": ["backend"]},
		"document": {"kind": "compose", "networks": [{"name": "backend", "driver": "bridge", "external": false, "internal": false, "driver_opts": {}}]},
	}
}

test_n06_network_not_joined_passes if {
	count(n06_findings) == 0 with input as {
		"container": {"name": "api", "networks": ["default"]},
		"document": {"kind": "compose", "networks": [{"name": "backend", "driver": "overlay", "external": false, "internal": false, "driver_opts": {}}]},
	}
}
