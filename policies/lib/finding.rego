# Package lib holds the helpers the shipped rules share: building findings,
# naming the container being judged, reading configuration with defaults,
# and normalising capability names and host paths.
package dockpol.lib

# finding builds the object every shipped rule returns. The id comes from the
# rule's own METADATA (pass rego.metadata.rule()), never from a literal, so a
# rule and its documentation cannot disagree. path is the location inside
# input.container (or inside the document for document rules) as an array of
# keys and indexes; the engine resolves it to file:line.
finding(meta, msg, path) := {
	"id": meta.custom.id,
	"msg": msg,
	"path": path,
}

# subject names the container a container rule is judging, for messages:
# `service "web"` in a compose file, `container "web"` otherwise.
subject := sprintf("%s %q", [_noun, input.container.name]) if {
	is_string(input.container.name)
	input.container.name != ""
} else := sprintf("an unnamed %s", [_noun])

_noun := "service" if {
	input.document.kind == "compose"
} else := "container"

# config is data.dockpol.config, or {} when there is none. The shipped
# rules read it with object.get(lib.config, key, fallback): a builtin, on a
# rule worked out once per evaluation, where config_value is a function
# call for every read.
default config := {}

config := data.dockpol.config if is_object(data.dockpol.config)

# config_value returns data.dockpol.config[key], or fallback when the key or
# the whole of data.dockpol.config is absent. data.dockpol.config is user data
# (the shipped bundle's manifest leaves that root free). Only that subtree is
# referenced: reading data.dockpol as a whole would evaluate every shipped
# rule (and recurse into the rule calling this).
config_value(key, fallback) := value if {
	value := data.dockpol.config[key]
} else := fallback

# judged is true when a rule may judge value: it is set, or it is null ("not
# set here": an Engine or image default applies) and the input kind is one
# the rule lists in its METADATA custom.kinds. The engine also drops findings
# for kinds a rule does not list; checking here keeps `opa eval` and the
# tests honest. A key that is absent (the input kind cannot express the
# field) is undefined, so the rule does not fire at all.
judged(_, value) if value != null

judged(meta, value) if {
	value == null
	input.document.kind in meta.custom.kinds
}

# or_default returns value, or fallback when value is null.
or_default(value, fallback) := value if {
	value != null
} else := fallback
