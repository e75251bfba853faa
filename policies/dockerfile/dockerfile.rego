# Package dockerfile holds the rules about Dockerfiles: stages and their
# instructions with line numbers, read from input.dockerfile of a document
# of kind dockerfile (docs/input.md). They are document rules: input is the
# whole document. The image the final stage produces is judged by the
# container rules (user, healthcheck, image reference) as kind image.
#
# The helpers below read RUN scripts as far as the rules need: a script is
# split into simple commands at && || ; | and newlines, a command into
# words at white space (quotes are not parsed; heredoc bodies are part of
# the script).
package dockpol.dockerfile

# runs are the RUN instructions of every stage, with their path in the
# document: {"stage": i, "index": j, "ins": instruction, "path": [...]}.
runs contains r if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	ins.cmd == "RUN"
	r := {"stage": i, "index": j, "ins": ins, "path": ["dockerfile", "stages", i, "instructions", j]}
}

# commands are the simple commands of a script, each an array of words
# with the leading sudo, env and VAR=value words removed.
commands(script) := [cmd |
	some seg in regex.split(`(&&|\|\||;|\||\n|\$\(|\)|\x60)`, script)
	words := [w | some w in regex.split(`\s+`, trim_space(seg)); w != ""; w != "\\"]
	count(words) > 0
	cmd := _strip_prefix(words)
	count(cmd) > 0
]

# _strip_prefix drops the words before the command itself: sudo (and its
# options), env, and variable assignments (DEBIAN_FRONTEND=noninteractive).
_strip_prefix(words) := array.slice(words, n, count(words)) if {
	skipped := [i | some i, w in words; _prefix_word(w)]
	n := _leading(skipped)
}

_prefix_word(w) if w in {"sudo", "env", "exec", "nohup", "time", "command"}

_prefix_word(w) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, w)

_prefix_word(w) if w in {"-E", "-H", "-n", "-i"}

# _leading is the length of the run 0, 1, 2, ... at the start of a sorted
# list of indexes.
_leading(idx) := count([i | some k, i in idx; i == k])

# command_name is the base name of a command's first word ("/usr/bin/pip3"
# is "pip3").
command_name(cmd) := name if {
	parts := split(cmd[0], "/")
	name := parts[count(parts) - 1]
}

# sub is the subcommand of a package manager command: the first word
# after the command that is not an option.
sub(cmd) := s if {
	rest := [w | some i, w in cmd; i > 0; not startswith(w, "-")]
	s := rest[0]
}

# operands are the words of a command after its subcommand that are not
# options, nor the value of an option in with_value.
operands(cmd, with_value) := [w |
	some i, w in cmd
	i > _sub_index(cmd)
	not startswith(w, "-")
	not cmd[i - 1] in with_value
]

_sub_index(cmd) := min([i | some i, w in cmd; i > 0; not startswith(w, "-")])

# has_word is true when a command has the word.
has_word(cmd, word) if word in cmd

# secret_mount is true when a RUN mounts a build secret (--mount=type=secret).
secret_mount(ins) if {
	some m in ins.mounts
	m.type == "secret"
}

# cache_mount is true when a RUN mounts a build cache at a path under dir.
cache_mount(ins, dir) if {
	some m in ins.mounts
	m.type == "cache"
	startswith(m.target, dir)
}

# final_stages are the indexes of the stages whose files end up in the
# final image: the last stage and the stages it is built FROM.
final_stages := graph.reachable(_stage_parents, {input.dockerfile.final.stage})

_stage_parents[i] := parents if {
	some i, stage in input.dockerfile.stages
	parents := [p | p := stage.base.stage_index; is_number(p)]
}

# stage_label names a stage in messages: `stage "build"` or `stage 2`.
stage_label(i) := sprintf("stage %q", [input.dockerfile.stages[i].name]) if {
	is_string(input.dockerfile.stages[i].name)
} else := sprintf("stage %d", [i])
