# Package testing holds the fixtures the shipped policies' tests share: a
# hardened container in the normalised shape (docs/input.md) that no shipped
# container rule fires on, and builders for the per-container input.
# It lives in a _test.rego file so it is never part of the shipped bundle.
package dockpol.lib.testing

# hardened is a compose service that passes every shipped container rule.
hardened := {
	"name": "web",
	"origin": {"kind": "service", "file": "compose.yaml", "line": 3},
	"image": {
		"ref": "nginx:1.27",
		"registry": "docker.io",
		"repository": "library/nginx",
		"tag": "1.27",
		"digest": null,
	},
	"build": null,
	"user": "101:101",
	"privileged": null,
	"read_only_rootfs": true,
	"init": null,
	"runtime": null,
	"cap_add": ["NET_BIND_SERVICE"],
	"cap_drop": ["ALL"],
	"security": {
		"no_new_privileges": true,
		"seccomp": null,
		"apparmor": null,
		"selinux": null,
		"systempaths": null,
		"options": ["no-new-privileges=true"],
	},
	"namespaces": {
		"pid": null,
		"ipc": null,
		"uts": null,
		"network": null,
		"cgroup": null,
		"userns": null,
	},
	"networks": ["default"],
	"mounts": [
		{
			"type": "bind",
			"source": "./nginx.conf",
			"target": "/etc/nginx/nginx.conf",
			"read_only": true,
			"propagation": null,
			"volume_driver": null,
			"driver_device": null,
		},
		{
			"type": "volume",
			"source": "cache",
			"target": "/var/cache/nginx",
			"read_only": false,
			"propagation": null,
			"volume_driver": null,
			"driver_device": null,
		},
	],
	"ports": [{"host_ip": "127.0.0.1", "host_port": "8080", "container_port": 80, "protocol": "tcp"}],
	"publish_all_ports": null,
	"exposed_ports": ["80/tcp"],
	"devices": [],
	"device_cgroup_rules": [],
	"resources": {
		"memory": 268435456,
		"memory_swap": null,
		"memory_reservation": null,
		"cpus": 0.5,
		"cpu_shares": null,
		"cpu_quota": null,
		"pids_limit": 100,
		"oom_kill_disable": null,
	},
	"cgroup_parent": null,
	"ulimits": {},
	"sysctls": {},
	"volumes_from": [],
	"environment": [
		{"name": "TZ", "value_kind": "literal", "secret_like": false, "value": "UTC"},
		{"name": "DB_PASSWORD_FILE", "value_kind": "file_ref", "secret_like": false, "value": "/run/secrets/db_password"},
	],
	"secrets": [{"source": "db_password", "target": "/run/secrets/db_password"}],
	"configs": [],
	"command": null,
	"entrypoint": null,
	"healthcheck": {"test": ["CMD", "curl", "-f", "http://localhost/"], "disabled": false},
	"logging": null,
	"restart": {"policy": "unless-stopped", "max_retries": null},
	"pull_policy": null,
	"labels": {},
}

# container returns the hardened container with overrides merged in
# (objects merge key by key, arrays and scalars are replaced).
container(overrides) := object.union(hardened, overrides)

# input_for builds what a container rule receives for the given input kind.
input_for(kind, overrides) := {
	"container": container(overrides),
	"document": {
		"kind": kind,
		"source": {"path": "compose.yaml", "adapter": kind, "files": ["compose.yaml"]},
		"project": {"name": "shop"},
		"networks": [{"name": "default", "driver": null, "external": false, "internal": false}],
		"volumes": [{"name": "cache", "driver": null, "external": false, "driver_opts": null, "bind_device": null}],
		"secrets": [{"name": "db_password", "file": "secrets/db.txt", "environment": null, "external": false}],
		"configs": [],
	},
}

# compose is the input for a compose service.
compose(overrides) := input_for("compose", overrides)

# mount is a bind mount of host path source with the given read_only flag.
bind(source, read_only) := {
	"type": "bind",
	"source": source,
	"target": "/mnt",
	"read_only": read_only,
	"propagation": null,
	"volume_driver": null,
	"driver_device": null,
}

# with_id is the subset of findings with the given rule id.
with_id(findings, id) := {f | some f in findings; f.id == id}
