package dockpol.dockerfile

# METADATA
# title: ADD with remote URL
# description: >-
#   An ADD downloads a file over HTTP(S) at build time without checking
#   it: whatever the server (or anyone in the path) returns goes into the
#   image. ADD --checksum=sha256:... verifies the download and does not
#   fire; nor does a Git repository checked out at a named ref or commit
#   (https://github.com/x/y.git?ref=v1.2.3, ...y.git#v1.2.3).
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#add---checksum
#   - https://docs.docker.com/build/building/best-practices/#add-or-copy
# custom:
#   id: DKR-F02
#   severity: medium
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Pin the download to its digest:
#       ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
#     or download and verify in a RUN:
#       RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz && echo "<sha256>  /tmp/tool.tgz" | sha256sum -c -
warn contains finding if {
	some x in f_instructions
	x.ins.cmd == "ADD"
	some s in x.ins.sources
	regex.match(`^(?i)https?://`, s)
	not _f02_checksum(x.ins)
	not _f02_pinned_git(s)
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("ADD in %s downloads %s without --checksum: the content is not verified.", [stage_label(x.stage), s]),
		"path": x.path,
	}
}

_f02_checksum(ins) if {
	some f in ins.flags
	startswith(f, "--checksum=")
}

# _f02_pinned_git is a Git repository URL that names a ref or commit.
_f02_pinned_git(s) if regex.match(`(?i)^https?://[^?#]+\.git([?].*\b(ref|commit|tag|checksum)=[^&]+|#[^:]+)`, s)
