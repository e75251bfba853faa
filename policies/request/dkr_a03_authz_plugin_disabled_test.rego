package dockpol.request_test

import data.dockpol.request

test_a03_disabling_the_gate_denied_even_when_allowlisted[name] if {
	some name in ["dockpol", "dockpol:latest", "example/dockpol:latest", "gate", "dockpol/authz:dev", "registry.example.com/dockpol/authz:1.0"]
	findings := request.deny with input as plugin("POST", "/plugins/x/disable", "plugin.disable", name)
		with data.dockpol.config as {"allowed_plugins": [name], "authz_plugin_names": ["dockpol", "gate", "dockpol/authz"]}
	ids(findings) == {"DKR-A03"}
}

test_a03_other_plugins_and_enable_pass if {
	not "DKR-A03" in ids(request.deny) with input as plugin("POST", "/plugins/x/disable", "plugin.disable", "vieux/sshfs")
	not "DKR-A03" in ids(request.deny) with input as plugin("POST", "/plugins/dockpol/enable", "plugin.enable", "dockpol")
	not "DKR-A03" in ids(request.deny) with input as plugin("POST", "/plugins/x/disable", "plugin.disable", "notdockpol")
}
