package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f31_chown_warned if {
	findings := dockerfile.warn with input as testing.one([object.union(testing.copy("COPY", ["app/"], "/app/"), {"chown": "node:node"})])
	lt.with_id(findings, "DKR-F31") == {{
		"id": "DKR-F31",
		"msg": "COPY in stage 0 gives /app/ to node:node with --chown: keep files the process does not write owned by root.",
		"path": testing.path(0, 0),
	}}
}

test_f31_root_or_none_passes[c] if {
	some c in [null, "root:root", "0"]
	findings := dockerfile.warn with input as testing.one([object.union(testing.copy("ADD", ["app.tar"], "/app/"), {"chown": c})])
	count(lt.with_id(findings, "DKR-F31")) == 0
}
