package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

c19_paths(mounts) := {f.path | some f in testing.with_id(findings, "DKR-C19")} if {
	findings := container.deny with input as testing.compose({"mounts": mounts})
}

test_c19_read_write_sensitive_denied[source] if {
	some source in [
		"/",
		"/etc",
		"/etc/",
		"/etc/pihole/",
		"/proc",
		"/sys/kernel/debug",
		"/dev/kmsg",
		"/usr/src",
		"/lib/modules",
		"/root/.ssh",
		"/var/lib/docker/volumes",
		"/var/run/dbus",
		"/run/udev",
		"/var",
		"/var/lib",
		"/etc/../var/run",
	]
	c19_paths([testing.bind("./data", false), testing.bind(source, false)]) == {["mounts", 1, "source"]}
}

test_c19_read_write_other_paths_pass[source] if {
	some source in ["/etcetera", "/home/app/data", "/srv/www", "/opt/data", "/tmp", "./data", "../shared"]
	c19_paths([testing.bind(source, false)]) == set()
}

test_c19_read_only_whole_trees_denied[source] if {
	some source in ["/", "/etc", "/proc", "/sys/", "/boot", "/root", "/var/lib/docker", "/var/lib", "/var/run", "/run"]
	c19_paths([testing.bind(source, true)]) == {["mounts", 0, "source"]}
}

test_c19_read_only_files_and_subtrees_pass[source] if {
	some source in [
		"/etc/localtime",
		"/etc/timezone",
		"/etc/ssl/certs",
		"/sys/fs/cgroup",
		"/lib/modules",
		"/usr/lib/systemd",
		"/var/lib/docker/containers",
		"/dev/kmsg",
		"/home/app",
	]
	c19_paths([testing.bind(source, true)]) == set()
}

test_c19_engine_sockets_are_c18s[read_only] if {
	some read_only in [true, false]
	c19_paths([testing.bind("/var/run/docker.sock", read_only)]) == set()
}

test_c19_messages[note] if {
	some note, tc in {
		"equal": [
			"/etc", false,
			`service "web" mounts host path "/etc" read-write, a sensitive host path.`,
		],
		"inside": [
			"/etc/pihole/", false,
			`service "web" mounts host path "/etc/pihole/" read-write, inside the sensitive host path "/etc".`,
		],
		"contains": [
			"/var", false,
			`service "web" mounts host path "/var" read-write, which contains the sensitive host path "/var/lib/docker".`,
		],
		"read-only socket directory": [
			"/var/run", true,
			`service "web" mounts host path "/var/run" read-only, which contains the sensitive host path "/var/run/docker.sock".`,
		],
		"read-only root": [
			"/", true,
			`service "web" mounts host path "/" read-only, a sensitive host path.`,
		],
	}
	[source, read_only, want] := tc
	findings := container.deny with input as testing.compose({"mounts": [testing.bind(source, read_only)]})
	testing.with_id(findings, "DKR-C19") == {{"id": "DKR-C19", "msg": want, "path": ["mounts", 0, "source"]}}
}

local_volume(device, read_only) := {
	"type": "volume",
	"source": "hostetc",
	"target": "/host/etc",
	"read_only": read_only,
	"propagation": null,
	"volume_driver": "local",
	"driver_device": device,
}

test_c19_local_volume_bound_to_sensitive_path_denied if {
	findings := container.deny with input as testing.compose({"mounts": [local_volume("/etc", false)]})
	testing.with_id(findings, "DKR-C19") == {{
		"id": "DKR-C19",
		"msg": `service "web" mounts volume "hostetc" (bound to host path "/etc") read-write, a sensitive host path.`,
		"path": ["mounts", 0, "driver_device"],
	}}
}

test_c19_local_volume_bound_elsewhere_passes if {
	c19_paths([local_volume("/srv/data", false)]) == set()
}

test_c19_configured_lists if {
	paths := c19_paths([testing.bind("/srv/data", false), testing.bind("/etc", false), testing.bind("/opt", true)])
		with data.dockpol.config as {
			"sensitive_host_paths": ["/srv"],
			"sensitive_host_paths_read_only": ["/opt/secrets"],
		}
	paths == {["mounts", 0, "source"], ["mounts", 2, "source"]}
}
