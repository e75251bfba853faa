package dockpol.lib_test

import data.dockpol.lib

test_ports_discarded[mode] if {
	some mode in ["host", "none", "container:db"]
	lib.ports_discarded with input as {"container": {"namespaces": {"network": mode}}}
}

test_ports_not_discarded[name] if {
	some name, c in {
		"default": {"namespaces": {"network": null}},
		"bridge": {"namespaces": {"network": "bridge"}},
		"named network": {"namespaces": {"network": "frontend"}},
		"no namespaces": {},
	}
	not lib.ports_discarded with input as {"container": c}
}
