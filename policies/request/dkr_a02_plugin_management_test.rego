package dockpol.request_test

import data.dockpol.request

plugin(method, path, endpoint, name) := req(method, path, endpoint, {"plugin": {"name": name, "remote": null}})

test_a02_plugin_install_denied[endpoint] if {
	some endpoint in ["plugin.pull", "plugin.create", "plugin.enable", "plugin.set", "plugin.upgrade", "plugin.push", "plugin.remove"]
	findings := request.deny with input as plugin("POST", "/plugins/pull", endpoint, "vieux/sshfs:latest")
	some f in findings
	f.id == "DKR-A02"
	f.path == ["request", "plugin"]
}

test_a02_message if {
	findings := request.deny with input as plugin("POST", "/plugins/vieux/sshfs/enable", "plugin.enable", "vieux/sshfs")
	findings == {{
		"id": "DKR-A02",
		"msg": `POST /plugins/vieux/sshfs/enable (enable of plugin "vieux/sshfs") is refused: the plugin is not in allowed_plugins.`,
		"path": ["request", "plugin"],
	}}
}

test_a02_allowlisted_plugin_passes[note] if {
	some note, c in {
		"latest is the default tag": {"name": "vieux/sshfs", "allowed": ["vieux/sshfs:latest"]},
		"exact tag": {"name": "vieux/sshfs:latest", "allowed": ["vieux/sshfs:latest"]},
		"case": {"name": "VIEUX/sshfs", "allowed": ["vieux/sshfs:latest"]},
		"untagged entry allows any tag": {"name": "vieux/sshfs:1.2", "allowed": ["vieux/sshfs"]},
	}
	count(request.deny) == 0 with input as plugin("POST", "/plugins/pull", "plugin.pull", c.name)
		with data.dockpol.config as {"allowed_plugins": c.allowed}
}

test_a02_other_tags_and_ids_denied[name] if {
	some name in ["vieux/sshfs:1.2", "3b859092610e", "evil/vieux/sshfs:latest"]
	findings := request.deny with input as plugin("POST", "/plugins/pull", "plugin.pull", name)
		with data.dockpol.config as {"allowed_plugins": ["vieux/sshfs:latest"]}
	ids(findings) == {"DKR-A02"}
}
