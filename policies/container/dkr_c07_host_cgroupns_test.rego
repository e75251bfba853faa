package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c07_host_cgroupns_warned if {
	findings := container.warn with input as testing.compose({"namespaces": {"cgroup": "host"}})
	testing.with_id(findings, "DKR-C07") == {{
		"id": "DKR-C07",
		"msg": `service "web" shares the host's cgroup namespace (cgroup host), so it sees the host's whole cgroup hierarchy.`,
		"path": ["namespaces", "cgroup"],
	}}
}

# container: a live audit of a cgroup v2 host keeps the non-default "host";
# request: a create body that asks for it.
test_c07_host_cgroupns_warned_per_kind[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"namespaces": {"cgroup": "host"}})
	count(testing.with_id(findings, "DKR-C07")) == 1
}

# A saved inspect with CgroupnsMode "host" (cgroup v1 default) reads as null.
test_c07_passes[note] if {
	some note, c in {
		"compose unset": ["compose", null],
		"inspect default": ["container", null],
		"request unset": ["request", null],
		"private": ["compose", "private"],
	}
	findings := container.warn with input as testing.input_for(c[0], {"namespaces": {"cgroup": c[1]}})
	count(testing.with_id(findings, "DKR-C07")) == 0
}
