package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c06_host_userns_warned if {
	findings := container.warn with input as testing.compose({"namespaces": {"userns": "host"}})
	testing.with_id(findings, "DKR-C06") == {{
		"id": "DKR-C06",
		"msg": `service "web" opts out of user-namespace remapping (userns host), so its root user is root on the host.`,
		"path": ["namespaces", "userns"],
	}}
}

test_c06_host_userns_warned_per_kind[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"namespaces": {"userns": "host"}})
	count(testing.with_id(findings, "DKR-C06")) == 1
}

test_c06_warned_when_daemon_remaps if {
	inp := testing.input_for("container", {"namespaces": {"userns": "host"}})
	findings := container.warn with input as object.union(inp, {"document": {"daemon": {"userns": true}}})
	count(testing.with_id(findings, "DKR-C06")) == 1
}

test_c06_not_warned_when_daemon_does_not_remap if {
	inp := testing.input_for("container", {"namespaces": {"userns": "host"}})
	findings := container.warn with input as object.union(inp, {"document": {"daemon": {"userns": false}}})
	count(testing.with_id(findings, "DKR-C06")) == 0
}

test_c06_passes[note] if {
	some note, c in {
		"compose unset": ["compose", null],
		"container unset": ["container", null],
		"request unset": ["request", null],
		"private": ["request", "private"],
	}
	findings := container.warn with input as testing.input_for(c[0], {"namespaces": {"userns": c[1]}})
	count(testing.with_id(findings, "DKR-C06")) == 0
}
