package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f02_remote_add_warned if {
	findings := dockerfile.warn with input as testing.one([testing.copy("ADD", ["https://example.com/tool.tgz"], "/tmp/")])
	lt.with_id(findings, "DKR-F02") == {{
		"id": "DKR-F02",
		"msg": "ADD in stage 0 downloads https://example.com/tool.tgz without --checksum: the content is not verified.",
		"path": testing.path(0, 0),
	}}
}

test_f02_http_uppercase_warned if {
	findings := dockerfile.warn with input as testing.one([testing.copy("ADD", ["HTTP://example.com/x"], "/x")])
	count(lt.with_id(findings, "DKR-F02")) == 1
}

test_f02_checksum_or_local_passes[note] if {
	some note, x in {
		"checksum": object.union(testing.copy("ADD", ["https://example.com/tool.tgz"], "/tmp/"), {"flags": ["--checksum=sha256:abc"]}),
		"git ref": testing.copy("ADD", ["https://github.com/mvdan/sh.git?ref=v3.8.0&keep-git-dir=1"], "/src"),
		"git fragment": testing.copy("ADD", ["https://github.com/moby/buildkit.git#v0.16.0"], "/src"),
		"local": testing.copy("ADD", ["rootfs.tar.gz"], "/"),
		"copy": testing.copy("COPY", ["app/"], "/app/"),
	}
	findings := dockerfile.warn with input as testing.one([x])
	count(lt.with_id(findings, "DKR-F02")) == 0
}

test_f02_unpinned_git_warned if {
	findings := dockerfile.warn with input as testing.one([testing.copy("ADD", ["https://github.com/mvdan/sh.git"], "/src")])
	count(lt.with_id(findings, "DKR-F02")) == 1
}
