package dockpol.dockerfile

# METADATA
# title: TLS certificate validation disabled in build
# description: >-
#   The build turns off TLS certificate checks for a download: curl -k,
#   wget --no-check-certificate, pip --trusted-host, npm/yarn strict-ssl
#   false, git http.sslVerify false, yum/dnf sslverify=0, or an ENV/ARG
#   that does the same for every later step (PYTHONHTTPSVERIFY=0,
#   NODE_TLS_REJECT_UNAUTHORIZED=0, NPM_CONFIG_STRICT_SSL=false,
#   GIT_SSL_NO_VERIFY, PIP_TRUSTED_HOST). Anyone on the network path can
#   then substitute what the image is built from.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/
#   - https://www.checkov.io/5.Policy%20Index/dockerfile.html
# custom:
#   id: DKR-F11
#   severity: high
#   action: deny
#   kinds: [dockerfile]
#   remediation: |-
#     Keep certificate checks on. If a proxy or internal server uses a
#     private CA, add the CA to the image's trust store first:
#       COPY corp-ca.crt /usr/local/share/ca-certificates/
#       RUN update-ca-certificates
#     (pip: PIP_CERT / --cert; npm: NODE_EXTRA_CA_CERTS / cafile).
deny contains finding if {
	some v in _f11_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _f11_violations are the rule's violations: {msg, path}.
_f11_violations contains v if {
	some r in runs
	some c in commands(r.ins.script)
	how := _insecure_flag(c)
	v := {"msg": sprintf("RUN in %s disables TLS certificate verification (%s).", [stage_label(r.stage), how]), "path": r.path}
}

_f11_violations contains v if {
	some r in runs
	some pattern, how in _insecure_patterns
	regex.match(pattern, r.ins.script)
	v := {"msg": sprintf("RUN in %s disables TLS certificate verification (%s).", [stage_label(r.stage), how]), "path": r.path}
}

_f11_violations contains v if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	ins.cmd in {"ENV", "ARG"}
	some x in ins.vars
	_insecure_variable(x)
	v := {
		"msg": sprintf("%s %s in %s disables TLS certificate verification for the build steps after it.", [ins.cmd, x.name, stage_label(i)]),
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

_f11_violations contains v if {
	some k, x in input.dockerfile.args
	_insecure_variable(x)
	v := {
		"msg": sprintf("ARG %s before the first FROM disables TLS certificate verification for the stages that use it.", [x.name]),
		"path": ["dockerfile", "args", k],
	}
}

# _insecure_flag names a command-line option that skips certificate checks.
_insecure_flag(c) := "curl --insecure" if {
	command_name(c) == "curl"
	some w in c
	_curl_insecure(w)
} else := "wget --no-check-certificate" if {
	command_name(c) == "wget"
	"--no-check-certificate" in c
} else := "pip --trusted-host" if {
	pc := _pip_command(c)
	some w in pc
	regex.match(`^--trusted-host(=|$)`, w)
}

_curl_insecure(w) if w == "--insecure"

_curl_insecure(w) if regex.match(`^-[a-zA-Z]*k[a-zA-Z]*$`, w)

# _insecure_patterns are script fragments that turn certificate checks
# off, with how messages name them.
_insecure_patterns := {
	`(?i)(npm|yarn|pnpm)\s+(config\s+)?set\s+strict-ssl\s*(=\s*|\s+)false`: "strict-ssl false",
	`(?i)http\.sslverify(\s*=\s*|\s+)(false|0|no)\b`: "git http.sslVerify false",
	`(?i)(^|[^a-z.]|\\n)sslverify\s*=\s*(0|false|no)\b`: "sslverify=0",
	`(^|[\s;&|])(export\s+)?NODE_TLS_REJECT_UNAUTHORIZED=['"]?0`: "NODE_TLS_REJECT_UNAUTHORIZED=0",
	`(^|[\s;&|])(export\s+)?PYTHONHTTPSVERIFY=['"]?0`: "PYTHONHTTPSVERIFY=0",
	`(^|[\s;&|])(export\s+)?GIT_SSL_NO_VERIFY=`: "GIT_SSL_NO_VERIFY",
	`(^|[\s;&|])(export\s+)?PIP_TRUSTED_HOST=`: "PIP_TRUSTED_HOST",
	`(?i)(^|[\s;&|])(export\s+)?npm_config_strict_ssl=['"]?false`: "NPM_CONFIG_STRICT_SSL=false",
}

# _insecure_variable is an ENV or ARG with a value that skips checks.
_insecure_variable(x) if {
	x.name in {"PYTHONHTTPSVERIFY", "NODE_TLS_REJECT_UNAUTHORIZED"}
	x.value == "0"
}

_insecure_variable(x) if {
	lower(x.name) == "npm_config_strict_ssl"
	lower(x.value) == "false"
}

_insecure_variable(x) if {
	x.name == "GIT_SSL_NO_VERIFY"
	x.value_kind != "passthrough"
	not lower(object.get(x, "value", "")) in {"0", "false"}
}

_insecure_variable(x) if {
	x.name == "PIP_TRUSTED_HOST"
	x.value != ""
}
