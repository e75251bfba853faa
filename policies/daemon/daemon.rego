# Package daemon holds the rules about the Docker daemon: its daemon.json
# and what docker info reports, read from the one daemon object of a
# document of kind daemon (docs/input.md). They are document rules: input
# is the whole document. A fact that is null is not set, and dockerd's
# default applies; a fact that is absent is one this input cannot state
# (docker info knows nothing of icc), and the rules reading it stay silent.
package dockpol.daemon

# source names where a daemon fact came from, for messages.
source(fact) := "docker info" if {
	input.daemon.from[fact] == "info"
} else := "daemon.json"

# version_parts reads the numeric core of an engine version as [major,
# minor, patch]: "20.10.24+dfsg1" is [20, 10, 24], "v27.1" is [27, 1, 0].
# Undefined when the version starts with no number.
version_parts(v) := [to_number(p) | some p in array.slice(array.concat(split(core, "."), ["0", "0", "0"]), 0, 3)] if {
	is_string(v)
	found := regex.find_n(`^[0-9]+(\.[0-9]+){0,2}`, trim_prefix(trim_space(v), "v"), 1)
	count(found) == 1
	core := found[0]
}

# version_less is true when engine version a is older than b.
version_less(a, b) if version_parts(a) < version_parts(b)
