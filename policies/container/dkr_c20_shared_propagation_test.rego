package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c20_shared_propagation_warned[mode] if {
	some mode in ["shared", "rshared"]
	m := object.union(testing.bind("/srv/data", false), {"propagation": mode})
	findings := container.warn with input as testing.compose({"mounts": [m]})
	testing.with_id(findings, "DKR-C20") == {{
		"id": "DKR-C20",
		"msg": sprintf(`service "web" mounts "/mnt" with %s propagation, so mounts propagate between the container and the host.`, [mode]),
		"path": ["mounts", 0, "propagation"],
	}}
}

test_c20_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	m := object.union(testing.bind("/srv/data", false), {"propagation": "rshared"})
	findings := container.warn with input as testing.input_for(kind, {"mounts": [m]})
	count(testing.with_id(findings, "DKR-C20")) == 1
}

test_c20_other_propagation_passes[note] if {
	some note, mode in {"default": null, "rprivate": "rprivate", "private": "private", "slave": "slave", "rslave": "rslave"}
	m := object.union(testing.bind("/srv/data", false), {"propagation": mode})
	findings := container.warn with input as testing.compose({"mounts": [m]})
	count(testing.with_id(findings, "DKR-C20")) == 0
}

test_c20_no_mounts_passes if {
	findings := container.warn with input as testing.compose({"mounts": []})
	count(testing.with_id(findings, "DKR-C20")) == 0
}
