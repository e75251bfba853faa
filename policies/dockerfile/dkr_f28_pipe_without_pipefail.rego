package dockpol.dockerfile

# METADATA
# title: Pipe without pipefail
# description: >-
#   A shell-form RUN pipes commands (a | b) while the shell in effect does
#   not set pipefail: the RUN succeeds when only the last command of the
#   pipe does, so a failed download piped into a shell or an archiver goes
#   unnoticed. A SHELL with -o pipefail (in the stage or a stage it is
#   built FROM), or set -o pipefail in the script, does not fire; nor do
#   non-POSIX shells (pwsh, cmd) and exec-form RUNs. Quoted text and data
#   heredocs are not read.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#using-pipes
#   - https://github.com/hadolint/hadolint/wiki/DL4006
# custom:
#   id: DKR-F28
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Set pipefail for every RUN:
#       SHELL ["/bin/bash", "-o", "pipefail", "-c"]
#       RUN curl -fsSL https://example.com/install.sh | bash
#     (or on Alpine: SHELL ["/bin/ash", "-eo", "pipefail", "-c"])
warn contains finding if {
	some r in runs
	r.ins.json_form == false
	script := f_exec_script(r.ins)
	unquoted := regex.replace(script, `'[^']*'|"[^"]*"|\\\|`, "''")
	regex.match(`(^|[^|])\|([^|]|$)`, unquoted)
	not contains(script, "pipefail")
	shell := _f28_shell(r.stage, r.index)
	not _f28_safe_shell(shell)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s pipes commands without pipefail: a failing command before the last | goes unnoticed.", [stage_label(r.stage)]),
		"path": r.path,
	}
}

# _f28_shell is the SHELL in effect for instruction j of stage i: the last
# SHELL before it in the stage, else the last of the nearest stage it is
# built FROM that has one, else the default /bin/sh -c.
_f28_shell(i, j) := ins.args if {
	idx := [k | some k, x in input.dockerfile.stages[i].instructions; k < j; x.cmd == "SHELL"]
	count(idx) > 0
	ins := input.dockerfile.stages[i].instructions[max(idx)]
} else := ins.args if {
	with_shell := [a | some a in f_ancestors(i); _f28_has_shell(a)]
	count(with_shell) > 0
	a := max(with_shell)
	idx := [k | some k, x in input.dockerfile.stages[a].instructions; x.cmd == "SHELL"]
	ins := input.dockerfile.stages[a].instructions[max(idx)]
} else := ["/bin/sh", "-c"]

_f28_has_shell(a) if {
	some x in input.dockerfile.stages[a].instructions
	x.cmd == "SHELL"
}

_f28_safe_shell(shell) if {
	some w in shell
	contains(w, "pipefail")
}

_f28_safe_shell(shell) if {
	parts := split(lower(replace(shell[0], "\\", "/")), "/")
	parts[count(parts) - 1] in {"pwsh", "pwsh.exe", "powershell", "powershell.exe", "cmd", "cmd.exe"}
}
