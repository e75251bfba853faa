package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d22_many_stopped_warned if {
	findings := daemon.warn with input as testing.info_doc({"containers": {"total": 40, "running": 10, "paused": 0, "stopped": 30}})
	lt.with_id(findings, "DKR-D22") == {{
		"id": "DKR-D22",
		"msg": "The host keeps 30 stopped containers (more than 25) out of 40.",
		"path": ["daemon", "containers"],
	}}
}

test_d22_stopped_computed_when_not_reported if {
	findings := daemon.warn with input as testing.info_doc({"containers": {"total": 40, "running": 5, "paused": 0, "stopped": null}})
	count(lt.with_id(findings, "DKR-D22")) == 1
}

test_d22_threshold_configurable if {
	doc := testing.info_doc({"containers": {"total": 8, "running": 2, "paused": 0, "stopped": 6}})
	count(lt.with_id(daemon.warn, "DKR-D22")) == 0 with input as doc
	count(lt.with_id(daemon.warn, "DKR-D22")) == 1 with input as doc with data.dockpol.config as {"max_stopped_containers": 5}
}

test_d22_few_stopped_passes if {
	findings := daemon.warn with input as testing.info_doc({"containers": {"total": 20, "running": 16, "paused": 0, "stopped": 4}})
	count(lt.with_id(findings, "DKR-D22")) == 0
}
