package dockpol.dockerfile

# METADATA
# title: Distribution upgrade in RUN
# description: >-
#   A RUN upgrades every installed package (apt-get upgrade/dist-upgrade,
#   apk upgrade, yum/dnf update or upgrade, zypper update/dist-upgrade):
#   what the image contains then depends on the day it was built, and the
#   base image's tested package set is replaced. Updates belong in a newer
#   base image. Upgrading named packages (dnf upgrade openssl) is a
#   targeted fix and does not fire.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://github.com/hadolint/hadolint/wiki/DL3005
# custom:
#   id: DKR-F05
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Rebuild on a current base image instead of upgrading in the Dockerfile:
#       FROM debian:12.8-slim
#     and upgrade only the packages a fix requires:
#       RUN apt-get install -y --only-upgrade openssl
warn contains finding if {
	some r in runs
	some c in commands(f_exec_script(r.ins))
	name := command_name(c)
	s := f_subcmd(c)
	s in _f05_upgrades[name]
	not _f05_targeted(name, c)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s upgrades all packages with %s %s: use a newer base image instead.", [stage_label(r.stage), name, s]),
		"path": r.path,
	}
}

_f05_upgrades := {
	"apt-get": {"upgrade", "dist-upgrade", "full-upgrade"},
	"apt": {"upgrade", "dist-upgrade", "full-upgrade"},
	"aptitude": {"upgrade", "safe-upgrade", "full-upgrade", "dist-upgrade"},
	"apk": {"upgrade"},
	"yum": {"update", "upgrade", "distro-sync"},
	"dnf": {"update", "upgrade", "distro-sync"},
	"microdnf": {"update", "upgrade"},
	"tdnf": {"update", "upgrade", "distro-sync"},
	"zypper": {"update", "up", "dist-upgrade", "dup"},
}

# _f05_targeted: the command names the packages to upgrade.
_f05_targeted(name, c) if {
	not name in {"apt-get", "apt", "aptitude"}
	s := f_subcmd(c)
	k := min([i | some i, w in c; i > 0; w == s])
	some i, w in c
	i > k
	not startswith(w, "-")
	not c[i - 1] in {"-X", "--repository", "--setopt", "--exclude", "-x", "-r", "--repo", "--installroot", "--releasever"}
	f_word(w)
}
