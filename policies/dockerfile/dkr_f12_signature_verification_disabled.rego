package dockpol.dockerfile

# METADATA
# title: Package signature verification disabled
# description: >-
#   The build installs packages without checking their signatures: apk
#   --allow-untrusted, apt-get --allow-unauthenticated or --force-yes (or
#   AllowUnauthenticated, a [trusted=yes] source), yum/dnf/tdnf --nogpgcheck
#   (or gpgcheck=0 in a repository file), rpm --nosignature, --nodigest,
#   --noverify or --nofiledigest. A tampered or substituted package is then
#   installed without complaint.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/
#   - https://www.checkov.io/5.Policy%20Index/dockerfile.html
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-F12
#   severity: high
#   action: deny
#   cis: "4.11"
#   kinds: [dockerfile]
#   remediation: |-
#     Import the repository's signing key instead of skipping the check:
#       RUN curl -fsSL https://repo.example.com/key.asc -o /etc/apt/keyrings/example.asc \
#        && echo "deb [signed-by=/etc/apt/keyrings/example.asc] https://repo.example.com stable main" \
#             > /etc/apt/sources.list.d/example.list
#     (rpm: rpm --import KEY; apk: add the key to /etc/apk/keys).
deny contains finding if {
	some v in _f12_violations
	finding := {"id": rego.metadata.rule().custom.id, "msg": v.msg, "path": v.path}
}

# _f12_violations are the rule's violations: {msg, path}.
_f12_violations contains v if {
	some r in runs
	some c in commands(r.ins.script)
	some w in c
	how := _unsigned_flag(command_name(c), w)
	v := {"msg": sprintf("RUN in %s installs packages without verifying their signatures (%s %s).", [stage_label(r.stage), command_name(c), how]), "path": r.path}
}

_f12_violations contains v if {
	some r in runs
	some pattern, how in _unsigned_patterns
	regex.match(pattern, r.ins.script)
	v := {"msg": sprintf("RUN in %s installs packages without verifying their signatures (%s).", [stage_label(r.stage), how]), "path": r.path}
}

# _unsigned_flag returns the option w when it skips signature checks for
# package manager name.
_unsigned_flag("apk", w) := w if w == "--allow-untrusted"

_unsigned_flag(name, w) := w if {
	name in {"apt-get", "apt", "aptitude"}
	w in {"--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories", "--allow-downgrades-unauthenticated"}
}

_unsigned_flag(name, w) := w if {
	name in {"yum", "dnf", "microdnf", "tdnf"}
	w == "--nogpgcheck"
}

_unsigned_flag("rpm", w) := w if w in {"--nosignature", "--nodigest", "--noverify", "--nofiledigest"}

# _unsigned_patterns are script fragments that turn signature checks off.
_unsigned_patterns := {
	`(?i)AllowUnauthenticated\s*[= ]\s*['"]?(true|1|yes)`: "APT AllowUnauthenticated",
	`\[[^\]]*trusted=yes[^\]]*\]`: "an APT source marked [trusted=yes]",
	`(?i)(^|[^a-z]|\\n)gpgcheck\s*=\s*(0|false|no)\b`: "gpgcheck=0",
}
