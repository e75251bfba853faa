package dockpol.dockerfile

# METADATA
# title: Default shell changed via RUN
# description: >-
#   A RUN replaces /bin/sh (ln -sf /bin/bash /bin/sh, dpkg-reconfigure
#   dash): every later RUN, and every program in the container that calls
#   system() or /bin/sh, silently gets a different shell. The SHELL
#   instruction changes the shell of the Dockerfile only. Linking another
#   sh to /bin/sh (/busybox/sh in a distroless image that has none) does
#   not fire.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#shell
#   - https://github.com/hadolint/hadolint/wiki/DL4005
# custom:
#   id: DKR-F29
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Set the shell for RUN with SHELL and leave /bin/sh alone:
#       SHELL ["/bin/bash", "-o", "pipefail", "-c"]
warn contains finding if {
	some r in runs
	some c in commands(f_exec_script(r.ins))
	what := _f29_change(c)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s replaces the default shell with %s: use the SHELL instruction instead.", [stage_label(r.stage), what]),
		"path": r.path,
	}
}

_f29_change(c) := concat(" ", c) if {
	command_name(c) == "ln"
	count(c) > 2
	c[count(c) - 1] in {"/bin/sh", "/usr/bin/sh"}
	not _f29_same_shell(c[count(c) - 2])
} else := concat(" ", c) if {
	command_name(c) == "dpkg-reconfigure"
	"dash" in c
}

_f29_same_shell(src) if {
	parts := split(src, "/")
	parts[count(parts) - 1] in {"sh", "busybox"}
}
