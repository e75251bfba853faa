package dockpol.dockerfile

# METADATA
# title: Package install not non-interactive
# description: >-
#   A RUN installs packages with apt-get, apt, yum, dnf, tdnf or zypper
#   without the option that answers the confirmation prompt (-y/--yes,
#   --assumeyes, zypper -n/--non-interactive or -y/--no-confirm): the build
#   stops at the prompt and fails, or depends on the manager's defaults.
#   apt-get -qq implies -y; microdnf and apk do not prompt.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://github.com/hadolint/hadolint/wiki/DL3014
#   - https://github.com/hadolint/hadolint/wiki/DL3030
# custom:
#   id: DKR-F08
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Answer the prompt on the command line:
#       RUN apt-get install -y --no-install-recommends curl
#       RUN dnf install -y curl
#       RUN zypper --non-interactive install curl
warn contains finding if {
	some r in runs
	some c in commands(f_exec_script(r.ins))
	name := command_name(c)
	s := f_subcmd(c)
	s in _f08_installs[name]
	not _f08_assume_yes(name, c)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s runs %s %s without %s: the build stops at the confirmation prompt.", [stage_label(r.stage), name, s, _f08_option[name]]),
		"path": r.path,
	}
}

_f08_installs := {
	"apt-get": {"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove", "build-dep", "reinstall"},
	"apt": {"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove", "reinstall"},
	"yum": {"install", "update", "upgrade", "remove", "erase", "groupinstall", "reinstall", "localinstall"},
	"dnf": {"install", "update", "upgrade", "remove", "erase", "groupinstall", "reinstall", "distro-sync"},
	"tdnf": {"install", "update", "upgrade", "remove", "erase", "reinstall"},
	"zypper": {"install", "in", "update", "up", "dist-upgrade", "dup", "remove", "rm", "patch"},
}

_f08_option := {
	"apt-get": "-y", "apt": "-y", "yum": "-y", "dnf": "-y", "tdnf": "-y",
	"zypper": "-n (--non-interactive) or -y",
}

_f08_assume_yes(_, c) if f_short_flag(c, "y")

_f08_assume_yes(_, c) if {
	some w in c
	w in {"--yes", "--assume-yes", "--assumeyes", "--non-interactive", "--no-confirm", "-qq", "--quiet=2", "-q=2", "--force-yes"}
}

_f08_assume_yes(name, c) if {
	name in {"apt-get", "apt"}
	some w in c
	regex.match(`(?i)^(APT::Get::Assume-Yes|APT::Get::Yes)=(true|yes|1)$`, w)
}

_f08_assume_yes("zypper", c) if f_short_flag(c, "n")
