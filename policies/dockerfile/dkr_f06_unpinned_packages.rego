package dockpol.dockerfile

# METADATA
# title: Unpinned package versions
# description: >-
#   A RUN installs packages without pinning their versions (apt-get, apk,
#   pip, npm, gem, yum/dnf, zypper, go install): each build can install
#   something different, a compromised or broken upstream release enters
#   the image unreviewed, and builds are not reproducible. Requirement and
#   constraint files (pip -r/-c), local package files and npm/yarn installs
#   from a lock file do not fire.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://github.com/hadolint/hadolint/wiki/DL3008
#   - https://github.com/hadolint/hadolint/wiki/DL3013
# custom:
#   id: DKR-F06
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Pin each package to a version (and keep it current with a dependency
#     bot):
#       RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
#       RUN apk add --no-cache git=2.45.2-r0
#       RUN pip install --no-cache-dir requests==2.32.3   # or -r requirements.txt with hashes
#       RUN npm install -g typescript@5.6.3
#       RUN go install golang.org/x/tools/gopls@v0.16.2
warn contains finding if {
	some r in runs
	some c in commands(r.ins.script)
	u := _install(c)
	count(u.packages) > 0
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("RUN in %s installs %s without a pinned version: %s.", [stage_label(r.stage), _f06_noun(u.manager), concat(", ", u.packages)]),
		"path": r.path,
	}
}

_f06_noun("go") := "Go tools"

_f06_noun(m) := sprintf("%s packages", [m]) if m != "go"

# _install returns {manager, packages} for a command that installs
# packages, listing those without a version; undefined for other commands.
_install(c) := u if {
	name := command_name(c)
	name in {"apt-get", "apt"}
	sub(c) == "install"
	pkgs := operands(c, {"-o", "-t", "--target-release", "--option", "-c", "--config-file"})
	u := {"manager": name, "packages": [p | some p in pkgs; not contains(p, "="); _package_word(p); not endswith(p, ".deb")]}
} else := u if {
	command_name(c) == "apk"
	sub(c) == "add"
	pkgs := operands(c, {"-t", "--virtual", "-X", "--repository", "--repositories-file", "-p", "--root", "--arch", "--cache-dir", "--keys-dir"})
	u := {"manager": "apk", "packages": [p | some p in pkgs; not regex.match(`[=~<>]`, p); _package_word(p); not endswith(p, ".apk")]}
} else := u if {
	pc := _pip_command(c)
	sub(pc) == "install"
	not _pip_requirements(pc)
	pkgs := operands(pc, _pip_value_options)
	u := {"manager": "pip", "packages": [p | some p in pkgs; _pip_unpinned(p)]}
} else := u if {
	command_name(c) in {"npm", "pnpm"}
	sub(c) in {"install", "i", "add"}
	pkgs := operands(c, {"--prefix", "--registry", "--cache", "-w", "--workspace", "--filter"})
	u := {"manager": command_name(c), "packages": [p | some p in pkgs; _npm_unpinned(p)]}
} else := u if {
	command_name(c) == "yarn"
	sub(c) in {"add"}
	pkgs := operands(c, {"--cwd"})
	u := {"manager": "yarn", "packages": [p | some p in pkgs; _npm_unpinned(p)]}
} else := u if {
	command_name(c) == "gem"
	sub(c) == "install"
	not "-v" in c
	not "--version" in c
	pkgs := operands(c, {"-i", "--install-dir", "-n", "--bindir", "--source", "-s"})
	u := {"manager": "gem", "packages": [p | some p in pkgs; not contains(p, ":"); _package_word(p); not endswith(p, ".gem")]}
} else := u if {
	command_name(c) in {"yum", "dnf", "microdnf", "tdnf"}
	sub(c) in {"install", "reinstall"}
	pkgs := operands(c, {"-c", "--config", "--installroot", "--releasever", "--setopt", "--enablerepo", "--disablerepo", "--repo", "-x", "--exclude"})
	u := {"manager": command_name(c), "packages": [p | some p in pkgs; not regex.match(`-[0-9]|[=<>]`, p); _package_word(p); not endswith(p, ".rpm"); not startswith(p, "@")]}
} else := u if {
	command_name(c) == "zypper"
	sub(c) in {"install", "in"}
	pkgs := operands(c, {"-t", "--type", "-r", "--repo", "--from"})
	u := {"manager": "zypper", "packages": [p | some p in pkgs; not regex.match(`[=<>]`, p); _package_word(p); not endswith(p, ".rpm")]}
} else := u if {
	command_name(c) == "go"
	sub(c) == "install"
	pkgs := operands(c, {"-C", "-modfile", "-o", "-tags", "-ldflags", "-gcflags"})
	u := {"manager": "go", "packages": [p | some p in pkgs; _go_unpinned(p)]}
}

# _package_word is a package name as written: not a variable, path or
# redirection.
_package_word(p) if {
	not startswith(p, "$")
	not startswith(p, ".")
	not startswith(p, "/")
	not regex.match(`[<>&|;*]`, p)
	regex.match(`^[A-Za-z0-9@]`, p)
}

# _pip_command returns a pip command, also when run as python -m pip.
_pip_command(c) := c if {
	regex.match(`^pip[0-9.]*$`, command_name(c))
} else := array.slice(c, 2, count(c)) if {
	regex.match(`^python[0-9.]*$`, command_name(c))
	c[1] == "-m"
	regex.match(`^pip[0-9.]*$`, c[2])
}

_pip_value_options := {
	"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix",
	"--root", "--trusted-host", "--src", "--platform", "--python-version", "--implementation", "--abi",
	"--cache-dir", "--log", "-e", "--editable", "--progress-bar", "--only-binary", "--no-binary",
}

# _pip_requirements: versions come from a requirements or constraints file.
_pip_requirements(c) if {
	some w in c
	w in {"-r", "--requirement", "-c", "--constraint"}
}

_pip_requirements(c) if {
	some w in c
	regex.match(`^(--requirement|--constraint)=|^-[rc].`, w)
}

_pip_unpinned(p) if {
	_package_word(p)
	not contains(p, "==")
	not contains(p, "@")
	not contains(p, "://")
	not regex.match(`(?i)\.(whl|tar\.gz|zip)$`, p)
}

_npm_unpinned(p) if {
	_package_word(p)
	not contains(p, "://")
	not endswith(p, ".tgz")
	not regex.match(`^@?[^@]+@.+`, p)
}

_npm_unpinned(p) if endswith(p, "@latest")

_go_unpinned(p) if {
	not startswith(p, ".")
	not startswith(p, "$")
	not contains(p, "@")
	contains(p, "/")
}

_go_unpinned(p) if endswith(p, "@latest")
