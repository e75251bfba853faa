package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d10_cgroup_parent_warned if {
	findings := daemon.warn with input as testing.json_doc({"cgroup_parent": "/batch"})
	lt.with_id(findings, "DKR-D10") == {{
		"id": "DKR-D10",
		"msg": "daemon.json places every container under the cgroup parent \"/batch\" instead of Docker's default.",
		"path": ["daemon", "cgroup_parent"],
	}}
}

test_d10_default_passes if {
	findings := daemon.warn with input as testing.json_doc({"cgroup_parent": null})
	count(lt.with_id(findings, "DKR-D10")) == 0
}
