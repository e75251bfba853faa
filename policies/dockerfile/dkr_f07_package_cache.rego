package dockpol.dockerfile

# METADATA
# title: Package cache not cleaned
# description: >-
#   A RUN that installs packages leaves the package manager's cache or index
#   in the layer (apt lists, apk cache, yum/dnf/zypper metadata, pip and
#   yarn caches): a larger image, and stale metadata that later steps may
#   trust. Cleaning in a later RUN does not help, the layer keeps the files.
#   Judged only in the stages whose files end up in the final image (the
#   last stage and the stages it is built FROM); a build cache mount
#   (RUN --mount=type=cache) on the cache directory counts as clean.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
#   - https://github.com/hadolint/hadolint/wiki/DL3009
# custom:
#   id: DKR-F07
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Clean up in the same RUN that installs, or use a cache mount:
#       RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
#        && rm -rf /var/lib/apt/lists/*
#       RUN apk add --no-cache git=2.45.2-r0
#       RUN dnf install -y httpd-2.4.62 && dnf clean all
#       RUN pip install --no-cache-dir -r requirements.txt
warn contains finding if {
	some r in runs
	r.stage in final_stages
	cmds := commands(r.ins.script)
	some c in cmds
	m := _cache_manager(c)
	not _cache_cleaned(m, c, r.ins, cmds, r.stage)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s installs with %s but leaves its package cache in the image: %s.", [stage_label(r.stage), _cache_tool(m, c), _cache_advice[m]]),
		"path": r.path,
	}
}

_cache_tool("pip", _) := "pip"

_cache_tool(m, c) := command_name(c) if m != "pip"

# _cache_manager names the cache a command fills.
_cache_manager(c) := "apt" if {
	command_name(c) in {"apt-get", "apt"}
	sub(c) in {"install", "upgrade", "dist-upgrade", "full-upgrade"}
} else := "apk" if {
	command_name(c) == "apk"
	sub(c) in {"add", "upgrade"}
} else := "rpm" if {
	command_name(c) in {"yum", "dnf", "microdnf", "tdnf"}
	sub(c) in {"install", "update", "upgrade", "reinstall", "groupinstall"}
} else := "zypper" if {
	command_name(c) == "zypper"
	sub(c) in {"install", "in", "update", "up", "dist-upgrade", "dup"}
} else := "pip" if {
	sub(_pip_command(c)) == "install"
} else := "yarn" if {
	command_name(c) == "yarn"
	sub(c) in {"install", "add"}
} else := "yarn" if {
	command_name(c) == "yarn"
	count(c) == 1
}

_cache_advice := {
	"apt": "remove /var/lib/apt/lists/* in the same RUN",
	"apk": "use apk add --no-cache",
	"rpm": "run the package manager's clean all in the same RUN",
	"zypper": "run zypper clean in the same RUN",
	"pip": "use pip install --no-cache-dir",
	"yarn": "run yarn cache clean in the same RUN",
}

_cache_cleaned("apt", _, ins, _, _) if regex.match(`rm\s[^;&|\n]*/var/lib/apt/lists`, ins.script)

_cache_cleaned("apt", _, _, cmds, _) if {
	# apt 2.7+: dist-clean also removes the package lists
	some c in cmds
	command_name(c) in {"apt-get", "apt"}
	sub(c) == "dist-clean"
}

_cache_cleaned("apt", _, ins, _, _) if cache_mount(ins, "/var/lib/apt")

_cache_cleaned("apt", _, ins, _, _) if cache_mount(ins, "/var/cache/apt")

_cache_cleaned("apk", c, _, _, _) if "--no-cache" in c

_cache_cleaned("apk", _, ins, _, _) if regex.match(`rm\s[^;&|\n]*/var/cache/apk|apk cache clean`, ins.script)

_cache_cleaned("apk", _, ins, _, _) if cache_mount(ins, "/var/cache/apk")

_cache_cleaned("rpm", _, _, cmds, _) if {
	some c in cmds
	command_name(c) in {"yum", "dnf", "microdnf", "tdnf"}
	sub(c) == "clean"
}

_cache_cleaned("rpm", _, ins, _, _) if regex.match(`rm\s[^;&|\n]*/var/cache/(yum|dnf)`, ins.script)

_cache_cleaned("rpm", _, ins, _, _) if cache_mount(ins, "/var/cache/yum")

_cache_cleaned("rpm", _, ins, _, _) if cache_mount(ins, "/var/cache/dnf")

_cache_cleaned("rpm", _, ins, _, _) if cache_mount(ins, "/var/cache/libdnf5")

_cache_cleaned("zypper", _, _, cmds, _) if {
	some c in cmds
	command_name(c) == "zypper"
	sub(c) in {"clean", "cc"}
}

_cache_cleaned("zypper", _, ins, _, _) if cache_mount(ins, "/var/cache/zypp")

_cache_cleaned("pip", c, _, _, _) if "--no-cache-dir" in c

_cache_cleaned("pip", _, ins, _, _) if {
	some m in ins.mounts
	m.type == "cache"
	contains(m.target, ".cache/pip")
}

_cache_cleaned("pip", _, _, _, stage) if {
	# PIP_NO_CACHE_DIR set in the stage (any value turns the cache off
	# but a false one)
	some ins in input.dockerfile.stages[stage].instructions
	ins.cmd in {"ENV", "ARG"}
	some v in ins.vars
	upper(v.name) == "PIP_NO_CACHE_DIR"
	not lower(object.get(v, "value", "1")) in {"0", "false", "off", "no"}
}

_cache_cleaned("yarn", _, _, cmds, _) if {
	some c in cmds
	command_name(c) == "yarn"
	c[1] == "cache"
	c[2] == "clean"
}

_cache_cleaned("yarn", _, ins, _, _) if {
	some m in ins.mounts
	m.type == "cache"
	contains(m.target, "yarn")
}
