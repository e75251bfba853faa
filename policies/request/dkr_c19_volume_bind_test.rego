package dockpol.request_test

import data.dockpol.request

volume(driver, opts, source) := req("POST", "/volumes/create", "volume.create", {
	"body": {"state": "decoded", "required": true, "size": 80, "error": null},
	"volume": {"name": "data", "driver": driver, "driver_opts": opts, "bind_source": source, "labels": {}},
})

test_c19_volume_bind_of_sensitive_path_denied[source] if {
	some source in ["/", "/etc/", "/var/run/../run", "/var/lib/docker"]
	findings := request.deny with input as volume("local", {"type": "none", "o": "bind", "device": source}, source)
	some f in findings
	f.id == "DKR-C19"
	f.path == ["request", "volume", "driver_opts", "device"]
	startswith(f.msg, sprintf(`Volume "data" binds host path %q read-write`, [source]))
}

test_c19_volume_bind_message if {
	findings := request.deny with input as volume(null, {"type": "none", "o": "bind", "device": "/"}, "/")
	findings == {{
		"id": "DKR-C19",
		"msg": `Volume "data" binds host path "/" read-write, a sensitive host path.`,
		"path": ["request", "volume", "driver_opts", "device"],
	}}
}

test_c19_volume_harmless_passes[note] if {
	some note, doc in {
		"app directory": volume("local", {"type": "none", "o": "bind", "device": "/srv/app"}, "/srv/app"),
		"plain volume": volume(null, {}, null),
		"tmpfs": volume("local", {"type": "tmpfs", "device": "tmpfs"}, null),
	}
	count(request.deny) == 0 with input as doc
}
