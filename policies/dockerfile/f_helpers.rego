package dockpol.dockerfile

# f_instructions are the instructions of every stage with their path:
# {"stage": i, "index": j, "ins": instruction, "path": [...]}.
f_instructions contains x if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	x := {"stage": i, "index": j, "ins": ins, "path": ["dockerfile", "stages", i, "instructions", j]}
}

# f_overridden are the instructions of cmd (CMD, ENTRYPOINT, HEALTHCHECK)
# that a later one of the same stage replaces, with the line of the last.
f_overridden(cmd) := {x |
	some i, stage in input.dockerfile.stages
	idx := [j | some j, ins in stage.instructions; ins.cmd == cmd]
	count(idx) > 1
	last := stage.instructions[max(idx)]
	some j in idx
	j != max(idx)
	x := {
		"stage": i, "index": j, "line": stage.instructions[j].line, "last_line": last.line,
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

# f_word is an operand written as a plain word: not a variable, path,
# redirection or file name.
f_word(p) if {
	regex.match(`^[A-Za-z0-9@]`, p)
	not regex.match(`[<>&|;*]`, p)
}

# f_short_flag is true when cmd has the short option letter, alone or
# combined with others (-y, -qy, -yq).
f_short_flag(cmd, letter) if {
	some w in cmd
	regex.match(sprintf(`^-[A-Za-z]*%s[A-Za-z]*$`, [letter]), w)
}

# f_subcmd is the subcommand of a package manager command: the first word
# after the command that is neither an option nor an option's value.
f_subcmd(cmd) := s if {
	rest := [w |
		some i, w in cmd
		i > 0
		not startswith(w, "-")
		not cmd[i - 1] in _f_value_options
	]
	s := rest[0]
}

_f_value_options := {
	"-o", "--option", "-c", "--config-file", "-t", "--target-release", "--setopt",
	"--installroot", "--releasever", "-R", "--root", "--enablerepo", "--disablerepo",
	"-X", "--repository", "-p", "--repo", "-r",
}

# f_ancestors are the stages stage i is built FROM, nearest last.
f_ancestors(i) := sort([a | some a in graph.reachable(_stage_parents, {i}); a != i])

# f_exec_script is the shell code a RUN executes: the script, less the
# contents of heredocs that are data (cat <<EOF > file) rather than the
# script itself (RUN <<EOF, RUN bash <<EOF).
f_exec_script(ins) := ins.script if {
	_f_heredoc_script(ins)
} else := ins.args[0] if {
	ins.json_form == false
	count(object.get(ins, "heredocs", [])) > 0
	count(ins.args) == 1
} else := ins.script

_f_heredoc_script(ins) if {
	count(ins.heredocs) > 0
	regex.match(`^\s*(<<|((/usr)?/bin/)?(ba|da|a|k|z)?sh(\s+-[A-Za-z]+)*\s+<<)`, ins.args[0])
}
