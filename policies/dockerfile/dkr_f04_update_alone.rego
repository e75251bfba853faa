package dockpol.dockerfile

# METADATA
# title: Package index update alone
# description: >-
#   A RUN refreshes a package index (apt-get update, apk update, zypper
#   refresh, yum/dnf makecache) without installing in the same RUN. The
#   build cache keeps that layer, so a later RUN that installs can use a
#   stale index for months and install outdated, vulnerable packages (or
#   fail). yum/dnf update upgrade packages rather than refresh an index:
#   see DKR-F05.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-F04
#   severity: medium
#   action: warn
#   cis: "4.7"
#   kinds: [dockerfile]
#   remediation: |-
#     Refresh the index and install in one RUN:
#       RUN apt-get update \
#        && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
#        && rm -rf /var/lib/apt/lists/*
warn contains finding if {
	some r in runs
	cmds := commands(r.ins.script)
	some c in cmds
	family := _pm_family[command_name(c)]
	sub(c) in _index_refresh[family]
	not _installs(cmds, family)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s refreshes the %s package index without installing in the same RUN: a cached layer keeps the index stale.", [stage_label(r.stage), command_name(c)]),
		"path": r.path,
	}
}

# _pm_family groups package manager commands that share an index.
_pm_family := {
	"apt-get": "apt", "apt": "apt", "aptitude": "apt",
	"apk": "apk",
	"yum": "rpm", "dnf": "rpm", "microdnf": "rpm", "tdnf": "rpm",
	"zypper": "zypper",
}

_index_refresh := {
	"apt": {"update"},
	"apk": {"update"},
	"rpm": {"makecache"},
	"zypper": {"refresh", "ref"},
}

_index_consumers := {
	"apt": {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "reinstall"},
	"apk": {"add", "upgrade", "fix"},
	"rpm": {"install", "update", "upgrade", "reinstall", "groupinstall", "distro-sync"},
	"zypper": {"install", "in", "update", "up", "dist-upgrade", "dup", "patch"},
}

_installs(cmds, family) if {
	some c in cmds
	_pm_family[command_name(c)] == family
	sub(c) in _index_consumers[family]
}
