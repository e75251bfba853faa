package dockpol.dockerfile

# METADATA
# title: apt-get without --no-install-recommends
# description: >-
#   A RUN installs Debian/Ubuntu packages without --no-install-recommends:
#   apt also installs every recommended package, which enlarges the image
#   and its attack surface. A Dockerfile that turns recommends off in the
#   apt configuration (APT::Install-Recommends "false") does not fire.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://github.com/hadolint/hadolint/wiki/DL3015
# custom:
#   id: DKR-F09
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Install only what the package depends on:
#       RUN apt-get update \
#        && apt-get install -y --no-install-recommends curl \
#        && rm -rf /var/lib/apt/lists/*
warn contains finding if {
	some r in runs
	some c in commands(f_exec_script(r.ins))
	name := command_name(c)
	name in {"apt-get", "apt"}
	f_subcmd(c) == "install"
	not "--no-install-recommends" in c
	not _f09_recommends_off_option(c)
	not _f09_recommends_off_config
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s runs %s install without --no-install-recommends: recommended packages enlarge the image.", [stage_label(r.stage), name]),
		"path": r.path,
	}
}

_f09_recommends_off_option(c) if {
	some w in c
	regex.match(`(?i)^APT::Install-Recommends=(false|no|0|"false"|"0")$`, w)
}

# _f09_recommends_off_config: an instruction writes apt configuration that
# turns recommends off.
_f09_recommends_off_config if {
	some r in runs
	regex.match(`(?i)Install-Recommends["']?\s+["']?(false|0|no)`, r.ins.script)
}
