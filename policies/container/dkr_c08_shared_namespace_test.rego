package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c08_joined_pid_warned if {
	findings := container.warn with input as testing.compose({"namespaces": {"pid": "container:app"}})
	testing.with_id(findings, "DKR-C08") == {{
		"id": "DKR-C08",
		"msg": `service "web" joins the pid namespace of container "app" (container:app), so the two are not isolated from each other.`,
		"path": ["namespaces", "pid"],
	}}
}

test_c08_joined_namespaces_warned_per_kind[note] if {
	some note, c in {
		"compose ipc": ["compose", "ipc"],
		"inspect network": ["container", "network"],
		"request pid": ["request", "pid"],
	}
	findings := container.warn with input as testing.input_for(c[0], {"namespaces": {c[1]: "container:db"}})
	some f in testing.with_id(findings, "DKR-C08")
	f.path == ["namespaces", c[1]]
}

test_c08_shareable_ipc_warned if {
	findings := container.warn with input as testing.input_for("container", {"namespaces": {"ipc": "shareable"}})
	testing.with_id(findings, "DKR-C08") == {{
		"id": "DKR-C08",
		"msg": `container "web" makes its IPC namespace shareable (ipc shareable), so other containers can join its shared memory.`,
		"path": ["namespaces", "ipc"],
	}}
}

test_c08_one_finding_per_namespace if {
	findings := container.warn with input as testing.compose({"namespaces": {"pid": "container:app", "network": "container:app"}})
	count(testing.with_id(findings, "DKR-C08")) == 2
}

test_c08_allowed_sidecar_passes if {
	findings := container.warn with input as testing.compose({"namespaces": {"pid": "container:app"}})
		with data.dockpol.config.allowed_namespace_sharing as ["app"]
	count(testing.with_id(findings, "DKR-C08")) == 0
}

test_c08_passes[note] if {
	some note, c in {
		"compose unset": ["compose", null],
		"inspect unset": ["container", null],
		"request unset": ["request", null],
		"private": ["compose", "private"],
		"host is C03": ["compose", "host"],
		"none": ["request", "none"],
	}
	findings := container.warn with input as testing.input_for(c[0], {"namespaces": {"pid": c[1], "ipc": c[1], "network": c[1]}})
	count(testing.with_id(findings, "DKR-C08")) == 0
}
