package dockpol.dockerfile

# METADATA
# title: Secrets baked into the build
# description: >-
#   A credential is written into the image or its history, where anyone who
#   can pull the image reads it: a RUN that configures credentials (aws
#   configure set, gcloud auth activate-service-account, az login -p, doctl
#   auth init -t, docker login -p) or sets a password with chpasswd without
#   a build secret mount; a RUN whose command line carries a secret-looking
#   value (dockpol redacts it in the document); an ENV, or an ARG default,
#   with a secret-like name or value given literally (build arguments are
#   recorded in the image history); a COPY or ADD of a credentials file
#   (SSH keys, .npmrc, .netrc, .pypirc, .git-credentials, .aws/credentials,
#   .docker/config.json, *.key, .env) or to the path an ENV names as one
#   (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
#   GOOGLE_APPLICATION_CREDENTIALS, HF_TOKEN_PATH).
# related_resources:
#   - https://docs.docker.com/build/building/secrets/
#   - https://docs.docker.com/reference/dockerfile/#run---mounttypesecret
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-F13
#   severity: high
#   action: deny
#   cis: "4.10"
#   kinds: [dockerfile]
#   remediation: |-
#     Pass credentials as build secrets, which are mounted for one RUN and
#     never stored in a layer:
#       RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
#       docker build --secret id=npmrc,src=$HOME/.npmrc .
#     Give runtime credentials to the container when it starts (secrets,
#     mounted files), not to the image. Rotate any secret that was baked in.
deny contains finding if {
	some v in _f13_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _f13_violations are the rule's violations: {msg, path}.
_f13_violations contains v if {
	some r in runs
	not secret_mount(r.ins)
	some c in commands(r.ins.script)
	what := _credential_setup(c)
	v := {"msg": sprintf("RUN in %s %s without a build secret mount: the credential stays in the image layer.", [stage_label(r.stage), what]), "path": r.path}
}

_f13_violations contains v if {
	some r in runs
	not secret_mount(r.ins)
	contains(r.ins.script, "<redacted>")
	v := {"msg": sprintf("RUN in %s writes a secret-looking value on its command line (redacted here): it stays in the image history.", [stage_label(r.stage)]), "path": r.path}
}

_f13_violations contains v if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	ins.cmd in {"ENV", "ARG"}
	some x in ins.vars
	x.secret_like == true
	x.value_kind == "literal"
	where := {"ENV": "the image config", "ARG": "the image history"}[ins.cmd]
	v := {
		"msg": sprintf("%s in %s gives the secret-looking variable %s a literal value: it stays in %s.", [ins.cmd, stage_label(i), x.name, where]),
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

_f13_violations contains v if {
	some k, x in input.dockerfile.args
	x.secret_like == true
	x.value_kind == "literal"
	v := {
		"msg": sprintf("ARG %s before the first FROM gives a secret-looking default value: it stays in the image history.", [x.name]),
		"path": ["dockerfile", "args", k],
	}
}

_f13_violations contains v if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	ins.cmd in {"COPY", "ADD"}
	some src in ins.sources
	not regex.match(`^[a-zA-Z][a-zA-Z0-9+.-]*://`, src)
	kind := _secret_file(src)
	v := {
		"msg": sprintf("%s in %s copies %s (%s) into the image.", [ins.cmd, stage_label(i), src, kind]),
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

_f13_violations contains v if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	ins.cmd in {"COPY", "ADD"}
	some name, target in _credential_paths(i)
	_copies_to(ins, target)
	v := {
		"msg": sprintf("%s in %s copies a credentials file to %s, the path %s names: it stays in the image.", [ins.cmd, stage_label(i), target, name]),
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

# _credential_setup describes a command that stores a credential.
_credential_setup(c) := "stores AWS keys with aws configure set" if {
	command_name(c) == "aws"
	"configure" in c
	"set" in c
	some w in c
	lower(w) in {"aws_access_key_id", "aws_secret_access_key", "aws_session_token"}
} else := "activates a Google Cloud service account key" if {
	command_name(c) == "gcloud"
	"activate-service-account" in c
} else := "logs in to Azure with a password" if {
	command_name(c) == "az"
	"login" in c
	some w in c
	regex.match(`^(-p|--password)(=|$)`, w)
} else := "stores a DigitalOcean token with doctl auth init" if {
	command_name(c) == "doctl"
	"init" in c
	some w in c
	regex.match(`^(-t|--access-token)(=|$)`, w)
} else := "logs in to a registry with a password" if {
	command_name(c) in {"docker", "podman", "buildah", "skopeo", "helm"}
	"login" in c
	some w in c
	regex.match(`^(-p|--password)(=|$)`, w)
} else := "sets a password with chpasswd" if {
	command_name(c) == "chpasswd"
}

# _secret_file names the kind of credentials file a COPY source is.
_secret_file(src) := kind if {
	parts := split(trim_right(src, "/"), "/")
	base := parts[count(parts) - 1]
	kind := _secret_file_names[base]
} else := "AWS credentials" if {
	regex.match(`(^|/)\.aws/(credentials|config)$`, src)
} else := "Docker registry credentials" if {
	regex.match(`(^|/)\.docker/config\.json$`, src)
} else := "a private key" if {
	regex.match(`\.key$`, src)
	not contains(src, "://")
	not regex.match(`(?i)(gpg|pgp|release|public|signing|archive)[^/]*$`, src)
}

_secret_file_names := {
	"id_rsa": "an SSH private key", "id_dsa": "an SSH private key",
	"id_ecdsa": "an SSH private key", "id_ed25519": "an SSH private key",
	".npmrc": "npm credentials", ".pypirc": "PyPI credentials", ".netrc": "netrc credentials",
	".git-credentials": "git credentials", ".dockercfg": "Docker registry credentials",
	".env": "a dotenv file",
}

# _credential_paths are the credential file paths ENV names in stage i
# (and the stages it is built from are not followed: ENV is per chain).
_credential_paths(i) := {x.name: x.value |
	some ins in input.dockerfile.stages[i].instructions
	ins.cmd == "ENV"
	some x in ins.vars
	x.name in {"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "GOOGLE_APPLICATION_CREDENTIALS", "HF_TOKEN_PATH"}
	is_string(x.value)
	x.value != ""
}

_copies_to(ins, target) if ins.dest == target

_copies_to(ins, target) if {
	endswith(ins.dest, "/")
	some src in ins.sources
	parts := split(src, "/")
	concat("", [ins.dest, parts[count(parts) - 1]]) == target
}
