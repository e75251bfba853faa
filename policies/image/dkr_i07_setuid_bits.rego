package dockpol.image

import data.dockpol.dockerfile
import data.dockpol.lib

# METADATA
# title: setuid/setgid bits added
# description: >-
#   A RUN instruction gives a file the setuid or setgid bit (`chmod u+s`,
#   `chmod g+s`, `chmod +s`, `chmod 4755`, `install -m 2755`): any user in
#   the container can run it with the file owner's privileges, a classic
#   escalation path to root. Bits set in a build stage reach the image
#   through COPY --from, so every stage is read. A partial check: setuid
#   files that come with the base image or a package need the image
#   filesystem. Judged on Dockerfiles (the image view, kind image); the
#   message names the line of the RUN instruction.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#user
#   - https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0008
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-I07
#   severity: medium
#   action: warn
#   cis: "4.8"
#   kinds: [image]
#   remediation: |-
#     Do not add setuid/setgid bits; grant the one capability the program
#     needs instead, or run it as the user that owns the resource. To strip
#     the bits a base image ships:
#       RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
warn contains finding if {
	input.document.kind == "image"
	some stage in input.document.dockerfile.stages
	some ins in stage.instructions
	ins.cmd == "RUN"
	some cmd in dockerfile.commands(ins.script)
	some mode in _i07_modes(cmd)
	_i07_sets_special_bit(mode)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s sets a setuid/setgid bit with `%s %s` (RUN at line %d).", [lib.subject, dockerfile.command_name(cmd), mode, ins.line]),
		"path": [],
	}
}

# _i07_modes are the modes a chmod or install command sets.
_i07_modes(cmd) := {_i07_unquote(modes[0])} if {
	dockerfile.command_name(cmd) == "chmod"
	modes := [w | some i, w in cmd; i > 0; not startswith(w, "-")]
	count(modes) > 0
} else := modes if {
	dockerfile.command_name(cmd) == "install"
	separate := {_i07_unquote(cmd[i + 1]) | some i, w in cmd; w in {"-m", "--mode"}; i + 1 < count(cmd)}
	joined := {_i07_unquote(substring(w, count(p), -1)) |
		some w in cmd
		some p in ["--mode=", "-m"]
		w != "-m"
		startswith(w, p)
	}
	modes := separate | joined
}

_i07_unquote(w) := trim(w, `"'`)

# numeric: four or more digits whose leading (special) digit has the
# setuid (4) or setgid (2) bit.
_i07_sets_special_bit(mode) if regex.match(`^0*[2-7][0-7]{3}$`, mode)

# symbolic: a clause that adds or sets s ("u+s", "+s", "ug=rwxs").
_i07_sets_special_bit(mode) if {
	some clause in split(mode, ",")
	regex.match(`^[ugoa]*([+=][rwxXstugo]*)*[+=][rwxXt]*s`, clause)
}
