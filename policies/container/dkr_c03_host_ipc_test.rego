package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c03_host_ipc_denied if {
	findings := container.deny with input as testing.compose({"namespaces": {"ipc": "host"}})
	testing.with_id(findings, "DKR-C03") == {{
		"id": "DKR-C03",
		"msg": `service "web" shares the host's IPC namespace (ipc host), so it can read and write the host's shared memory.`,
		"path": ["namespaces", "ipc"],
	}}
}

test_c03_host_ipc_denied_per_kind[kind] if {
	some kind in ["container", "request"]
	findings := container.deny with input as testing.input_for(kind, {"namespaces": {"ipc": "host"}})
	some f in testing.with_id(findings, "DKR-C03")
	startswith(f.msg, `container "web" shares the host's IPC namespace`)
}

test_c03_other_ipc_modes_pass[mode] if {
	some mode in ["private", "shareable", "none", "container:db"]
	findings := container.deny with input as testing.compose({"namespaces": {"ipc": mode}})
	count(testing.with_id(findings, "DKR-C03")) == 0
}

test_c03_passes_per_kind[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.deny with input as testing.input_for(kind, {"namespaces": {"ipc": null}})
	count(testing.with_id(findings, "DKR-C03")) == 0
}

test_c03_absent_namespaces_pass if {
	inp := {"container": {"name": "web"}, "document": {"kind": "image"}}
	findings := container.deny with input as inp
	count(testing.with_id(findings, "DKR-C03")) == 0
}
