package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d11_basesize_warned if {
	findings := daemon.warn with input as testing.json_doc({"storage_opts": ["dm.thinpooldev=/dev/mapper/thin", "dm.basesize=20G"]})
	lt.with_id(findings, "DKR-D11") == {{
		"id": "DKR-D11",
		"msg": "daemon.json changes the devicemapper base device size (dm.basesize=20G).",
		"path": ["daemon", "storage_opts", 1],
	}}
}

test_d11_other_options_pass[note] if {
	some note, opts in {"unset": null, "overlay2 size": ["overlay2.size=10G"]}
	findings := daemon.warn with input as testing.json_doc({"storage_opts": opts})
	count(lt.with_id(findings, "DKR-D11")) == 0
}
