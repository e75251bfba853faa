package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f27_shell_form_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("CMD", {"args": ["node server.js"]})])
	lt.with_id(findings, "DKR-F27") == {{
		"id": "DKR-F27",
		"msg": "CMD in stage 0 is in shell form: use the exec (JSON array) form so the process receives signals.",
		"path": testing.path(0, 0),
	}}
}

test_f27_entrypoint_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("ENTRYPOINT", {"args": ["/app"]})])
	count(lt.with_id(findings, "DKR-F27")) == 1
}

test_f27_exec_form_and_builder_pass if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("build", [testing.ins("CMD", {"args": ["make"]})]),
		testing.stage(null, [testing.ins("CMD", {"args": ["/app"], "json_form": true})]),
	])
	count(lt.with_id(findings, "DKR-F27")) == 0
}
