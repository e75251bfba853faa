package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d19_explicitly_enabled_warned if {
	findings := daemon.warn with input as testing.json_doc({"disable_legacy_registry": false})
	lt.with_id(findings, "DKR-D19") == {{
		"id": "DKR-D19",
		"msg": "daemon.json sets disable-legacy-registry to false, enabling the obsolete v1 registry protocol.",
		"path": ["daemon", "disable_legacy_registry"],
	}}
}

test_d19_old_engine_warned if {
	findings := daemon.warn with input as testing.info_doc({"engine": {"version": "17.09.1-ce"}})
	some f in lt.with_id(findings, "DKR-D19")
	f.path == ["daemon", "engine", "version"]
}

test_d19_current_engine_or_unset_passes[note] if {
	some note, doc in {
		"daemon.json unset": testing.json_doc({"disable_legacy_registry": null}),
		"current engine": testing.info_doc({}),
		"old engine, disabled": object.union(testing.info_doc({"engine": {"version": "17.06.0"}}), {"daemon": {"disable_legacy_registry": true}}),
	}
	findings := daemon.warn with input as doc
	count(lt.with_id(findings, "DKR-D19")) == 0
}
