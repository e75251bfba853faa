package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d20_old_engine_warned if {
	findings := daemon.warn with input as testing.info_doc({"engine": {"version": "20.10.24+dfsg1"}})
	lt.with_id(findings, "DKR-D20") == {{
		"id": "DKR-D20",
		"msg": "The engine is version 20.10.24+dfsg1, older than the minimum supported 28.0.0.",
		"path": ["daemon", "engine", "version"],
	}}
}

test_d20_configured_minimum if {
	doc := testing.info_doc({"engine": {"version": "20.10.24+dfsg1"}})
	count(lt.with_id(daemon.warn, "DKR-D20")) == 0 with input as doc with data.dockpol.config as {"min_engine_version": "20.10.24"}
	count(lt.with_id(daemon.warn, "DKR-D20")) == 1 with input as doc with data.dockpol.config as {"min_engine_version": "20.10.25"}
}

test_d20_current_engine_passes[version] if {
	some version in ["28.0.0", "28.5.2", "29.1.0", "v30.0.0-rc.1"]
	findings := daemon.warn with input as testing.info_doc({"engine": {"version": version}})
	count(lt.with_id(findings, "DKR-D20")) == 0
}

test_d20_daemon_json_cannot_say if {
	findings := daemon.warn with input as testing.json_doc({})
	count(lt.with_id(findings, "DKR-D20")) == 0
}
