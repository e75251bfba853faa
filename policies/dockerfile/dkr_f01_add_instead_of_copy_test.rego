package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f01_add_local_files_warned if {
	findings := dockerfile.warn with input as testing.one([testing.copy("ADD", ["app/", "config.yml"], "/srv/")])
	lt.with_id(findings, "DKR-F01") == {{
		"id": "DKR-F01",
		"msg": "ADD copies app/, config.yml to /srv/ in stage 0: use COPY, which does not download URLs or unpack archives.",
		"path": testing.path(0, 0),
	}}
}

test_f01_add_heredoc_warned if {
	add := object.union(testing.copy("ADD", [], "/etc/motd"), {"heredocs": [{"name": "EOF", "expand": true}]})
	findings := dockerfile.warn with input as testing.one([add])
	some f in lt.with_id(findings, "DKR-F01")
	contains(f.msg, "an inline file")
}

test_f01_archives_urls_and_copy_pass[note] if {
	some note, x in {
		"archive": testing.copy("ADD", ["rootfs.tar.gz"], "/"),
		"xz archive": testing.copy("ADD", ["dist.TAR.XZ"], "/opt/"),
		"url": testing.copy("ADD", ["https://example.com/tool.tgz"], "/tmp/"),
		"git": testing.copy("ADD", ["git@github.com:moby/buildkit.git"], "/src"),
		"copy": testing.copy("COPY", ["app/"], "/srv/"),
	}
	findings := dockerfile.warn with input as testing.one([x])
	count(lt.with_id(findings, "DKR-F01")) == 0
}
