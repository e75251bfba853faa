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

test_a02_allowlisted_plugin_passes[name] if {
	some name in ["vieux/sshfs", "vieux/sshfs:latest", "VIEUX/sshfs"]
	count(request.deny) == 0 with input as plugin("POST", "/plugins/pull", "plugin.pull", name)
		with data.dockpol.config as {"allowed_plugins": ["vieux/sshfs:latest"]}
}
