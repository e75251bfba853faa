package dockpol.dockerfile

# METADATA
# title: ADD used instead of COPY
# description: >-
#   ADD copies local files like COPY, but also downloads URLs and unpacks
#   local archives: what ends up in the image depends on the source's
#   shape, which makes a simple copy harder to review. Unpacking a local tar
#   archive is ADD's legitimate use and does not fire (hadolint DL3010);
#   remote URLs are DKR-F02.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#add
#   - https://docs.docker.com/build/building/best-practices/#add-or-copy
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-F01
#   severity: low
#   action: warn
#   cis: "4.9"
#   kinds: [dockerfile]
#   remediation: |-
#     Use COPY for local files and directories:
#       COPY app/ /srv/app/
#     Keep ADD for unpacking a local archive (ADD rootfs.tar.gz /).
warn contains finding if {
	some i, stage in input.dockerfile.stages
	some j, ins in stage.instructions
	ins.cmd == "ADD"
	local := [s | some s in ins.sources; not _remote_source(s); not _archive(s)]
	count(local) + count(object.get(ins, "heredocs", [])) > 0
	what := _f01_what(local)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("ADD copies %s to %s in %s: use COPY, which does not download URLs or unpack archives.", [what, ins.dest, stage_label(i)]),
		"path": ["dockerfile", "stages", i, "instructions", j],
	}
}

_f01_what(local) := sprintf("%s", [concat(", ", local)]) if {
	count(local) > 0
} else := "an inline file"

# _remote_source is a URL or git source ADD fetches.
_remote_source(s) if regex.match(`^(?i)(https?|git|ssh)://`, s)

_remote_source(s) if startswith(s, "git@")

# _archive is a local archive ADD unpacks.
_archive(s) if regex.match(`(?i)\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma)$`, s)
