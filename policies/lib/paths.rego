package dockpol.lib

# clean_path returns the lexical normal form of an absolute host path:
# repeated and trailing slashes, "." and ".." segments removed ("/var/run/",
# "//var/./run" and "/etc/../var/run" all become "/var/run"). Like Go's
# path.Clean, ".." above the root stays at the root. Undefined for relative
# paths (compose writes relative bind sources as "./x"): they do not name a
# fixed host location. Symlinks cannot be resolved statically.
clean_path(p) := sprintf("/%s", [concat("/", kept)]) if {
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

_path_weight(s) := -1 if s == ".."

else := 1

# path_within is true when host path p is base or lies below it, by path
# segments: "/etc/ssl" is within "/etc", "/etcetera" is not. Every absolute
# path is within "/".
path_within(p, base) if clean_path(p) == clean_path(base)

path_within(p, base) if {
	clean_path(base) == "/"
	is_string(clean_path(p))
}

path_within(p, base) if startswith(clean_path(p), concat("", [clean_path(base), "/"]))

# base_name is the last segment of a path, for "/" or "\" separators
# ("/run/docker.sock" -> "docker.sock", "\\.\pipe\docker_engine" -> "docker_engine").
base_name(p) := name if {
	segs := [s | some s in split(replace(p, "\\", "/"), "/"); s != ""]
	count(segs) > 0
	name := segs[count(segs) - 1]
}

# engine_sockets lists the container-engine API endpoints; a mount of one
# hands the container control of the engine. Entries without a "/" match the
# base name of the host path, entries with one match the cleaned path exactly.
# Configurable as data.dockpol.config.engine_sockets.
engine_sockets := config_value("engine_sockets", [
	"docker.sock",
	"containerd.sock",
	"crio.sock",
	"podman.sock",
	# Docker Desktop / Windows containers: \\.\pipe\docker_engine
	"docker_engine",
])

# engine_socket is true when host path p is a container-engine socket.
engine_socket(p) if {
	some s in engine_sockets
	not contains(s, "/")
	base_name(p) == s
}

engine_socket(p) if {
	some s in engine_sockets
	contains(s, "/")
	clean_path(p) == clean_path(s)
}

# mount_host_path returns the host path a mount exposes and the Mount field it
# came from: the source of a bind, or the driver_device of a volume declared
# with the local driver as type=none,o=bind,device=PATH (a bind in disguise).
mount_host_path(m) := {"path": m.source, "field": "source"} if {
	m.type in {"bind", "npipe"}
	is_string(m.source)
} else := {"path": m.driver_device, "field": "driver_device"} if {
	is_string(m.driver_device)
}

# path_exposure says how host path p relates to the first matching entry of
# paths, as {"relation", "path"}:
#   "equal"    p is the listed path;
#   "inside"   p lies below the listed path (only when inside is true; "/"
#              never counts here, or every path would match it): the most
#              specific such entry is reported;
#   "contains" p is an ancestor of the listed path, so mounting p exposes it
#              too: the first such entry in list order is reported.
# Undefined when p is not absolute or nothing matches.
path_exposure(p, paths, inside) := {"relation": "equal", "path": cp} if {
	cp := clean_path(p)
	some q in paths
	clean_path(q) == cp
} else := {"relation": "inside", "path": max(within)} if {
	inside == true
	within := {cq |
		some q in paths
		cq := clean_path(q)
		cq != "/"
		path_within(p, cq)
	}
	count(within) > 0
} else := {"relation": "contains", "path": below[0]} if {
	is_string(clean_path(p))
	below := [cq |
		some q in paths
		cq := clean_path(q)
		path_within(cq, p)
	]
	count(below) > 0
}
