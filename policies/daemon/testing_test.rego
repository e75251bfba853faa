# Package testing holds the fixtures the daemon rules' tests share: a
# daemon.json document and a docker info document of a hardened daemon on
# which no daemon rule fires, in the normalised shape (docs/input.md).
# It lives in a _test.rego file so it is never part of the shipped bundle.
package dockpol.daemon.testing

# hardened_json is the daemon object of a hardened daemon.json.
hardened_json := {
	"icc": false,
	"ip": "127.0.0.1",
	"iptables": null,
	"ip6tables": null,
	"ipv6": null,
	"userland_proxy": false,
	"log_level": "info",
	"debug": null,
	"log_driver": "syslog",
	"log_opts": {"syslog-address": "udp://logs.example.com:514"},
	"storage_driver": null,
	"storage_opts": null,
	"insecure_registries": null,
	"registry_mirrors": null,
	"hosts": ["unix:///var/run/docker.sock"],
	"tls": null,
	"tlsverify": null,
	"tlscacert": null,
	"tlscert": null,
	"tlskey": null,
	"default_ulimits": {"nofile": {"soft": 64000, "hard": 64000}},
	"userns": true,
	"userns_remap": "default",
	"cgroup_parent": null,
	"default_cgroupns_mode": null,
	"authorization_plugins": ["dockpol"],
	"no_new_privileges": true,
	"live_restore": true,
	"seccomp_profile": null,
	"selinux_enabled": null,
	"experimental": null,
	"disable_legacy_registry": null,
	"default_runtime": null,
	"runtimes": null,
	"rootless": null,
}

# hardened_info is the daemon object of docker info of a hardened,
# current engine.
hardened_info := {
	"engine": {
		"name": "host1", "id": "ABCD:EFGH", "version": "29.1.0", "os": "Debian GNU/Linux 13 (trixie)",
		"os_type": "linux", "kernel_version": "6.12.0", "architecture": "x86_64",
	},
	"debug": false,
	"log_driver": "journald",
	"storage_driver": "overlay2",
	"live_restore": true,
	"experimental": false,
	"cgroup_version": "2",
	"cgroup_driver": "systemd",
	"default_runtime": "runc",
	"runtimes": ["runc"],
	"warnings": [],
	"images": 12,
	"authorization_plugins": ["dockpol"],
	"registry_mirrors": [],
	"containers": {"total": 5, "running": 5, "paused": 0, "stopped": 0},
	"insecure_registries": [],
	"apparmor": true,
	"selinux_enabled": false,
	"userns": true,
	"rootless": true,
	"seccomp": true,
	"no_new_privileges": true,
	"seccomp_profile": "builtin",
	"default_cgroupns_mode": "private",
	"swarm": {
		"local_node_state": "inactive", "node_addr": null, "control_available": false, "managers": null,
		"nodes": null, "autolock_managers": null, "node_cert_expiry_ns": null,
	},
}

# document wraps a daemon object whose facts all came from source.
document(d, source, path) := {
	"schema": "dockpol/v1",
	"kind": "daemon",
	"source": {"path": path, "adapter": "daemon", "files": [path]},
	"daemon": object.union(d, {"from": {k: source | some k, _ in d}}),
}

# json_doc is the document of the hardened daemon.json with overrides
# merged in (objects merge key by key).
json_doc(overrides) := document(object.union(hardened_json, overrides), "daemon.json", "daemon.json")

# info_doc is the document of the hardened docker info with overrides.
info_doc(overrides) := document(object.union(hardened_info, overrides), "info", "info.json")

# without removes facts from a document's daemon object (an input that
# cannot state them).
without(doc, facts) := json.patch(doc, [{"op": "remove", "path": sprintf("/daemon/%s", [f])} | some f in facts])

# replace sets one fact of a document's daemon object to value, whole (a
# nested object is not merged).
replace(doc, fact, value) := json.patch(doc, [{"op": "add", "path": sprintf("/daemon/%s", [fact]), "value": value}])
