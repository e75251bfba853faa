package dockpol.lib

# clean_path returns the lexical normal form of an absolute host path:
# repeated and trailing slashes, "." and ".." segments removed ("/var/run/",
# "//var/./run" and "/etc/../var/run" all become "/var/run"). Like Go's
# path.Clean, ".." above the root stays at the root. Undefined for relative
# paths (compose writes relative bind sources as "./x"): they do not name a
# fixed host location. Symlinks cannot be resolved statically.
clean_path(p) := p if {
	p == "/" # the root, which the fast path below would miss
} else := p if {
	# Fast path: already clean (no "//", no "." or ".." segment, no trailing "/").
	startswith(p, "/")
	not contains(p, "//")
	not contains(p, "/.")
	not endswith(p, "/")
} else := sprintf("/%s", [concat("/", kept)]) if {
	startswith(p, "/")
	segs := [s | some s in split(p, "/"); not s in {"", "."}]
	kept := [s | some i, s in segs; s != ".."; not _dotdot_cancels(segs, i)]
}

# _dotdot_cancels is true when a later ".." removes segs[i]: treat names as
# "(" and ".." as ")"; segs[i] is cancelled when its bracket is closed, that
# is when the running sum from i reaches 0.
_dotdot_cancels(segs, i) if {
	".." in segs
	i + 1 < count(segs)
	some j in numbers.range(i + 1, count(segs) - 1)
	sum([_path_weight(segs[k]) | some k in numbers.range(i, j)]) == 0
}

_path_weight(s) := -1 if {
	s == ".."
} else := 1

# path_within is true when host path p is base or lies below it, by path
# segments: "/etc/ssl" is within "/etc", "/etcetera" is not. Every absolute
# path is within "/".
path_within(p, base) if clean_path(p) == clean_path(base)

path_within(p, base) if {
	clean_path(base) == "/"
	is_string(clean_path(p))
}

path_within(p, base) if startswith(clean_path(p), concat("", [clean_path(base), "/"]))

# mount_host_path returns the host path a mount exposes and the Mount field it
# came from: the source of a bind, or the driver_device of a volume declared
# with the local driver as type=none,o=bind,device=PATH (a bind in disguise).
mount_host_path(m) := {"path": m.source, "field": "source"} if {
	m.type in {"bind", "npipe"}
	is_string(m.source)
} else := {"path": m.driver_device, "field": "driver_device"} if {
	is_string(m.driver_device)
}

# host_mounts maps the index of each mount of the container being judged
# that exposes a host path to mount_host_path of it, worked out once per
# container and without a function call per mount: the host-path rules
# (DKR-C18, C19) iterate it. The two bodies are mount_host_path's two
# cases (a test holds them equal).
host_mounts[i] := {"path": mount.source, "field": "source"} if {
	some i, mount in input.container.mounts
	mount.type in {"bind", "npipe"}
	is_string(mount.source)
}

host_mounts[i] := {"path": mount.driver_device, "field": "driver_device"} if {
	some i, mount in input.container.mounts
	is_string(mount.driver_device)
	not _bind_source(mount)
}

_bind_source(mount) if {
	mount.type in {"bind", "npipe"}
	is_string(mount.source)
}

# engine_socket is true when host path p is a container-engine API socket:
# it ends, at a segment boundary, in one of engine_socket_suffixes. "/" and
# "\" separators both count, so Windows' \\.\pipe\docker_engine matches too.
# Rules call this once per mount, so it is a few builtin calls.
engine_socket(p) if {
	form := concat("", ["/", trim_right(replace(p, "\\", "/"), "/")])
	strings.any_suffix_match(form, engine_socket_suffixes)
}

# engine_socket_suffixes are the engine sockets as path tails, from
# data.dockpol.config.engine_sockets when set: each entry is a base name
# ("docker.sock") or a longer tail ("run/engine/api.sock").
engine_socket_suffixes := socket_suffixes(configured) if {
	configured := object.get(config, "engine_sockets", null)
	configured != null
} else := _default_engine_socket_suffixes

# socket_suffixes prepares engine_sockets entries for engine_socket.
socket_suffixes(names) := [concat("", ["/", trim(name, "/")]) | some name in names]

# The default engine_sockets, prepared (a test checks they equal
# socket_suffixes of their names): Docker, containerd, CRI-O, Podman, and
# the Docker Engine's Windows named pipe.
_default_engine_socket_suffixes := [
	"/docker.sock",
	"/containerd.sock",
	"/crio.sock",
	"/podman.sock",
	"/docker_engine",
]

# path_list prepares a list of host paths for path_exposure, once per
# evaluation: {"paths": the clean paths, "slashed": each with a trailing "/"
# ("/" stays "/"), "inside": the slashed entries a path may lie inside of,
# [] when inside is false; never "/", or every path would be inside it}.
path_list(paths, inside) := {"paths": clean, "slashed": slashed, "inside": inside_of} if {
	clean := [cp | some p in paths; cp := clean_path(p)]
	slashed := [_slashed(cp) | some cp in clean]
	inside_of := [q | inside == true; some q in slashed; q != "/"]
}

_slashed(cp) := concat("", [trim_suffix(cp, "/"), "/"])

# path_exposure says how the clean host path cp relates to a path_list, as
# {"relation", "path"}:
#   "equal"    cp is a listed path;
#   "inside"   cp lies below a listed path (only for the list's "inside"
#              entries): the most specific entry is reported;
#   "contains" cp is an ancestor of a listed path, so mounting cp exposes it
#              too: the first such entry in list order is reported.
# Undefined when nothing matches. The first two expressions are builtins
# that settle the common, non-matching case.
path_exposure(cp, list) := _path_relation(cp, s, list) if {
	s := concat("", [trim_suffix(cp, "/"), "/"]) # _slashed(cp), inline
	true in [strings.any_prefix_match(list.slashed, s), strings.any_prefix_match(s, list.inside)]
}

_path_relation(cp, s, list) := {"relation": "equal", "path": cp} if {
	cp in list.paths
} else := {"relation": "inside", "path": trim_suffix(max(within), "/")} if {
	within := {q | some q in list.inside; startswith(s, q)}
	count(within) > 0
} else := {"relation": "contains", "path": below[0]} if {
	below := [list.paths[k] | some k, q in list.slashed; startswith(q, s)]
	count(below) > 0
}

# sensitive_host_paths is the path_list a read-write mount must not be of,
# below or above (DKR-C19), from data.dockpol.config.sensitive_host_paths
# when set.
sensitive_host_paths := path_list(configured, true) if {
	configured := object.get(config, "sensitive_host_paths", null)
	configured != null
} else := _default_sensitive_host_paths

# sensitive_host_paths_read_only is the path_list a read-only mount must
# not expose whole (be the path or an ancestor of it, DKR-C19): whole system
# trees, and the engine sockets, since a read-only mount does not stop
# connect(). From data.dockpol.config.sensitive_host_paths_read_only when set.
sensitive_host_paths_read_only := path_list(configured, false) if {
	configured := object.get(config, "sensitive_host_paths_read_only", null)
	configured != null
} else := _default_sensitive_host_paths_read_only

# sensitive_host_path_list is the list for a read-only or read-write mount;
# only the one asked for is prepared.
sensitive_host_path_list(false) := sensitive_host_paths

sensitive_host_path_list(true) := sensitive_host_paths_read_only

# sensitive_host_path_lists is sensitive_host_path_list as an object keyed
# by read_only: a lookup, where the function is a call per mount.
sensitive_host_path_lists := {false: sensitive_host_paths, true: sensitive_host_paths_read_only}

# The defaults, prepared (a test checks each equals path_list of its paths).
_default_sensitive_host_paths := {
	"paths": [
		"/", "/etc", "/proc", "/sys", "/dev", "/boot", "/usr", "/lib", "/lib64",
		"/bin", "/sbin", "/root", "/var/lib/docker", "/var/run", "/run",
	],
	"slashed": [
		"/", "/etc/", "/proc/", "/sys/", "/dev/", "/boot/", "/usr/", "/lib/", "/lib64/",
		"/bin/", "/sbin/", "/root/", "/var/lib/docker/", "/var/run/", "/run/",
	],
	"inside": [
		"/etc/", "/proc/", "/sys/", "/dev/", "/boot/", "/usr/", "/lib/", "/lib64/",
		"/bin/", "/sbin/", "/root/", "/var/lib/docker/", "/var/run/", "/run/",
	],
}

_default_sensitive_host_paths_read_only := {
	"paths": [
		"/", "/etc", "/proc", "/sys", "/boot", "/root", "/var/lib/docker",
		"/var/run/docker.sock", "/run/docker.sock",
		"/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
		"/var/run/crio/crio.sock", "/run/crio/crio.sock",
		"/var/run/podman/podman.sock", "/run/podman/podman.sock",
	],
	"slashed": [
		"/", "/etc/", "/proc/", "/sys/", "/boot/", "/root/", "/var/lib/docker/",
		"/var/run/docker.sock/", "/run/docker.sock/",
		"/var/run/containerd/containerd.sock/", "/run/containerd/containerd.sock/",
		"/var/run/crio/crio.sock/", "/run/crio/crio.sock/",
		"/var/run/podman/podman.sock/", "/run/podman/podman.sock/",
	],
	"inside": [],
}
