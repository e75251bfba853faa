package dockpol.lib_test

import data.dockpol.lib

test_clean_path[p] if {
	some p, want in {
		"/": "/",
		"//": "/",
		"/etc": "/etc",
		"/etc/": "/etc",
		"//var//run/": "/var/run",
		"/var/./run": "/var/run",
		"/etc/../var/run": "/var/run",
		"/var/lib/docker/../../../etc": "/etc",
		"/a/b/../c/./d/..": "/a/c",
		"/..": "/",
		"/../../etc": "/etc",
		"/a/../..": "/",
		"/a/b/c/../../../": "/",
		"/my..dir/x": "/my..dir/x",
	}
	lib.clean_path(p) == want
}

test_clean_path_relative_is_undefined[p] if {
	some p in ["./data", "data", "../x", ""]
	not lib.clean_path(p)
}

test_path_within[note] if {
	some note, tc in {
		"equal": ["/etc", "/etc"],
		"below": ["/etc/ssl/certs", "/etc"],
		"trailing slash on path": ["/etc/", "/etc"],
		"trailing slash on base": ["/etc/ssl", "/etc/"],
		"everything is within /": ["/home/app", "/"],
	}
	lib.path_within(tc[0], tc[1])
}

test_path_not_within[note] if {
	some note, tc in {
		"prefix but not a segment": ["/etcetera", "/etc"],
		"parent": ["/var/lib", "/var/lib/docker"],
		"dot-dot escapes the base": ["/etc/../home", "/etc"],
		"relative path": ["./etc", "/etc"],
	}
	not lib.path_within(tc[0], tc[1])
}

test_clean_path_fast_path_keeps_clean_paths[p] if {
	some p in ["/", "/etc", "/var/lib/docker", "/srv/my.dir/x"]
	lib.clean_path(p) == p
}

test_configured_sensitive_host_paths_are_prepared if {
	list := lib.sensitive_host_paths with data.dockpol.config as {"sensitive_host_paths": ["/srv/", "//", "relative/is/dropped"]}
	list == {"paths": ["/srv", "/"], "slashed": ["/srv/", "/"], "inside": ["/srv/"]}
}

test_default_sensitive_host_paths_are_prepared if {
	rw := lib.sensitive_host_paths
	lib.path_list(rw.paths, true) == rw
	ro := lib.sensitive_host_paths_read_only
	lib.path_list(ro.paths, false) == ro
}

test_sensitive_host_path_list_by_mode if {
	lib.sensitive_host_path_list(false) == lib.sensitive_host_paths
	lib.sensitive_host_path_list(true) == lib.sensitive_host_paths_read_only
}

test_engine_socket[p] if {
	some p in [
		"/var/run/docker.sock",
		"/run/docker.sock",
		"/run/containerd/containerd.sock",
		"/var/run/crio/crio.sock",
		"/run/user/1000/podman/podman.sock",
		`\\.\pipe\docker_engine`,
	]
	lib.engine_socket(p)
}

test_not_engine_socket[p] if {
	some p in ["/var/run", "/run/docker", "/var/run/docker.sock.d/x", "/srv/docker.socket"]
	not lib.engine_socket(p)
}

test_engine_socket_configured_tail if {
	cfg := {"engine_sockets": ["/srv/engine/api.sock/", "buildkitd.sock"]}
	lib.engine_socket("/srv/engine/api.sock") with data.dockpol.config as cfg
	lib.engine_socket("/run/buildkit/buildkitd.sock") with data.dockpol.config as cfg
	not lib.engine_socket("/var/run/docker.sock") with data.dockpol.config as cfg
	not lib.engine_socket("/srv/other/api.sock") with data.dockpol.config as cfg
}

test_default_engine_socket_suffixes_are_prepared if {
	lib.socket_suffixes(["docker.sock", "containerd.sock", "crio.sock", "podman.sock", "docker_engine"]) == lib.engine_socket_suffixes
}

test_mount_host_path[note] if {
	some note, tc in {
		"bind": [
			{"type": "bind", "source": "/etc", "driver_device": null},
			{"path": "/etc", "field": "source"},
		],
		"local-driver volume bound to a host path": [
			{"type": "volume", "source": "data", "driver_device": "/srv/data"},
			{"path": "/srv/data", "field": "driver_device"},
		],
	}
	lib.mount_host_path(tc[0]) == tc[1]
}

test_mount_host_path_plain_volume_and_tmpfs_are_undefined[note] if {
	some note, m in {
		"volume": {"type": "volume", "source": "data", "driver_device": null},
		"tmpfs": {"type": "tmpfs", "source": null, "driver_device": null},
	}
	not lib.mount_host_path(m)
}

# host_mounts is mount_host_path of every mount, by index: the rules use
# the first, the function stays for team policies.
test_host_mounts_equal_mount_host_path if {
	mounts := [
		{"type": "bind", "source": "/etc", "driver_device": null},
		{"type": "volume", "source": "data", "driver_device": "/srv/data"},
		{"type": "volume", "source": "data", "driver_device": null},
		{"type": "tmpfs", "source": null, "driver_device": null},
		{"type": "npipe", "source": "\\\\.\\pipe\\docker_engine", "driver_device": null},
		{"type": "bind", "source": "./conf", "driver_device": null},
		{"type": "bind", "source": null, "driver_device": "/srv/odd"},
		{"type": "bind", "source": "/srv/a", "driver_device": "/srv/b"},
	]
	want := {i: host | some i, m in mounts; host := lib.mount_host_path(m)}
	got := lib.host_mounts with input as {"container": {"mounts": mounts}}
	got == want
	count(got) == 6
}

sensitive := ["/", "/etc", "/var/lib/docker", "/var/run", "/run"]

test_path_list if {
	lib.path_list(sensitive, true) == {
		"paths": sensitive,
		"slashed": ["/", "/etc/", "/var/lib/docker/", "/var/run/", "/run/"],
		"inside": ["/etc/", "/var/lib/docker/", "/var/run/", "/run/"],
	}
	lib.path_list(sensitive, false).inside == []
}

test_path_exposure[note] if {
	some note, tc in {
		"equal": ["/etc", true, {"relation": "equal", "path": "/etc"}],
		"root is equal only to itself": ["/", true, {"relation": "equal", "path": "/"}],
		"inside": ["/etc/pihole", true, {"relation": "inside", "path": "/etc"}],
		"most specific entry wins": ["/var/lib/docker/volumes", true, {"relation": "inside", "path": "/var/lib/docker"}],
		"contains, first in list order": ["/var", true, {"relation": "contains", "path": "/var/lib/docker"}],
		"contains even when inside is off": ["/var/lib", false, {"relation": "contains", "path": "/var/lib/docker"}],
	}
	[cp, inside, want] := tc
	lib.path_exposure(cp, lib.path_list(sensitive, inside)) == want
}

test_path_exposure_nested_entries_report_the_most_specific if {
	lib.path_exposure("/var/lib/docker/x", lib.path_list(["/var", "/var/lib/docker"], true)) == {"relation": "inside", "path": "/var/lib/docker"}
}

test_path_exposure_root_not_listed if {
	lib.path_exposure("/", lib.path_list(["/etc"], true)) == {"relation": "contains", "path": "/etc"}
}

test_path_exposure_no_match[note] if {
	some note, tc in {
		"not below / by itself": ["/home/app", true],
		"prefix but not a segment": ["/etcetera", true],
		"parent-like name": ["/var/li", true],
		"inside does not count when off": ["/etc/localtime", false],
	}
	[cp, inside] := tc
	not lib.path_exposure(cp, lib.path_list(sensitive, inside))
}
