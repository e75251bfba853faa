package dockpol.image

import data.dockpol.lib

# METADATA
# title: Image declares VOLUME on sensitive dir
# description: >-
#   A volume is declared over a kernel or system directory (/, /proc,
#   /sys, /dev or below them), usually by the image's VOLUME instruction:
#   every container then gets an anonymous volume that hides what the
#   runtime mounts there, or persists and shares what should be the
#   kernel's view. Judged on the volumes of containers, create requests
#   and images (docker inspect lists the image's VOLUMEs), and on the
#   VOLUME instructions of a Dockerfile's final stage and the stages it is
#   built FROM (the message names the line). The directories are
#   data.dockpol.config.sensitive_volume_targets (default ["/", "/proc",
#   "/sys", "/dev"]; a volume at or below any of them but "/" counts).
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#volume
#   - https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#dkl-di-0002
# custom:
#   id: DKR-I08
#   severity: medium
#   action: warn
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Remove the VOLUME instruction for the system directory, and declare
#     volumes only for the application's data:
#       VOLUME /var/lib/app
warn contains finding if {
	some v in _i08_volumes
	_i08_sensitive(v.target)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s declares a volume over the system directory %s%s.", [lib.subject, v.target, v.where]),
		"path": v.path,
	}
}

# _i08_volumes are the container's volume mounts and the VOLUMEs of a
# Dockerfile's final image: {"target", "where", "path"}.
_i08_volumes contains {"target": m.target, "where": "", "path": ["mounts", i]} if {
	some i, m in input.container.mounts
	m.type == "volume"
	is_string(m.target)
}

_i08_volumes contains {"target": target, "where": sprintf(" (VOLUME at line %d)", [ins.line]), "path": []} if {
	input.document.kind == "image"
	stages := input.document.dockerfile.stages
	chain := graph.reachable(
		{i: edges | some i, s in stages; edges := [s.base.stage_index | is_number(s.base.stage_index)]},
		[input.document.dockerfile.final.stage],
	)
	some i in chain
	some ins in stages[i].instructions
	ins.cmd == "VOLUME"
	some target in ins.args
}

_i08_sensitive(target) if _i08_match(lib.clean_path(trim(target, `"'`)))

# _i08_match: the clean path is a listed target, or lies below one ("/"
# matches only itself).
_i08_match(clean) if clean in _i08_targets.exact

_i08_match(clean) if strings.any_prefix_match(clean, _i08_targets.below)

# _i08_targets are the configured targets prepared for _i08_match, or the
# defaults, prepared already (a test checks they equal _i08_prepare of
# the default list): preparing them on every evaluation would cost more
# than the rule itself.
_i08_targets := _i08_prepare(configured) if {
	configured := object.get(lib.config, "sensitive_volume_targets", null)
	configured != null
} else := _i08_default_targets

_i08_default_list := ["/", "/proc", "/sys", "/dev"]

_i08_default_targets := {"exact": {"/", "/proc", "/sys", "/dev"}, "below": ["/dev/", "/proc/", "/sys/"]}

# _i08_prepare cleans the targets, and gives them a trailing "/" for the
# prefix test.
_i08_prepare(dirs) := {"exact": exact, "below": below} if {
	exact := {clean | some dir in dirs; clean := lib.clean_path(dir)}
	below := [concat("", [dir, "/"]) | some dir in exact; dir != "/"]
}
