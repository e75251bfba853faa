package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f25_no_slash_warned if {
	findings := dockerfile.warn with input as testing.one([testing.copy("COPY", ["a.json", "b.json"], "/app")])
	lt.with_id(findings, "DKR-F25") == {{
		"id": "DKR-F25",
		"msg": "COPY in stage 0 copies several sources to /app, which does not end with /.",
		"path": testing.path(0, 0),
	}}
}

test_f25_slash_or_single_passes[note] if {
	some note, x in {
		"slash": testing.copy("COPY", ["a", "b"], "/app/"),
		"dot": testing.copy("COPY", ["a", "b"], "."),
		"var": testing.copy("COPY", ["a", "b"], "$APP"),
		"single": testing.copy("COPY", ["a"], "/app"),
	}
	findings := dockerfile.warn with input as testing.one([x])
	count(lt.with_id(findings, "DKR-F25")) == 0
}
