# Package testing holds the fixtures the Dockerfile rules' tests share:
# documents of kind dockerfile in the normalised shape (docs/input.md),
# built from instructions. It lives in a _test.rego file so it is never
# part of the shipped bundle.
package dockpol.dockerfile.testing

# base is a stage's base image: debian:12-slim.
base := {
	"ref": "debian:12-slim", "written": "debian:12-slim", "registry": "docker.io",
	"repository": "library/debian", "tag": "12-slim", "digest": null,
	"scratch": false, "stage": false, "stage_index": null, "unresolved": [],
}

# ins is an instruction cmd with overrides merged in.
ins(cmd, overrides) := object.union({"cmd": cmd, "line": 2, "end_line": 2, "args": [], "flags": [], "json_form": false}, overrides)

# run is a shell-form RUN of script.
run(script) := ins("RUN", {
	"args": [script], "script": script, "heredocs": [],
	"mounts": [], "network": "default", "security": "sandbox",
})

# run_mounts is a RUN of script with --mount flags (normalised mounts).
run_mounts(script, mounts) := object.union(run(script), {"mounts": mounts})

# secret_mount is a --mount=type=secret.
secret_mount(id, target) := {"type": "secret", "target": target, "source": null, "from": null, "id": id, "env": null, "required": false, "read_only": true}

# cache_mount is a --mount=type=cache.
cache_mount(target) := {"type": "cache", "target": target, "source": null, "from": null, "id": null, "env": null, "required": false, "read_only": false}

# env is an ENV (or, with cmd ARG, an ARG) of name=value, as the adapter
# normalises it (value only when not secret-like).
var(cmd, name, value, secret) := ins(cmd, {
	"args": [sprintf("%s=%s", [name, {true: "<redacted>", false: value}[secret]])],
	"vars": [_var(name, value, secret)],
})

_var(name, _, true) := {"name": name, "value_kind": "literal", "secret_like": true}

_var(name, value, false) := {"name": name, "value_kind": "literal", "secret_like": false, "value": value}

# copy is a COPY (or ADD) of sources to dest.
copy(cmd, sources, dest) := ins(cmd, {
	"args": array.concat(sources, [dest]), "sources": sources, "dest": dest,
	"chown": null, "chmod": null, "heredocs": [],
})

# stage is a stage built FROM base with instructions; lines are numbered
# from the stage's FROM at line 1.
stage(name, instructions) := {
	"index": 0, "name": name, "base": base, "platform": null, "line": 1,
	"instructions": [object.union(x, {"line": j + 2, "end_line": j + 2}) | some j, x in instructions],
}

# doc is a document of the given stages; the last one is final.
doc(stages) := {
	"schema": "dockpol/v1",
	"kind": "dockerfile",
	"source": {"path": "Dockerfile", "adapter": "dockerfile", "files": ["Dockerfile"]},
	"dockerfile": {
		"syntax": null, "escape": "\\", "args": [],
		"stages": [object.union(s, {"index": i}) | some i, s in stages],
		"final": {
			"stage": count(stages) - 1, "user": null, "healthcheck": null, "exposed_ports": [],
			"env_names": [], "arg_names": [], "shell": null, "workdir": null,
		},
	},
	"containers": [],
}

# one is a document of one unnamed stage with instructions.
one(instructions) := doc([stage(null, instructions)])

# path is where instruction j of stage i is.
path(i, j) := ["dockerfile", "stages", i, "instructions", j]
