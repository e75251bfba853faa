package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d06_aufs_warned if {
	findings := daemon.warn with input as testing.json_doc({"storage_driver": "aufs"})
	lt.with_id(findings, "DKR-D06") == {{
		"id": "DKR-D06",
		"msg": "The daemon uses the deprecated aufs storage driver (daemon.json).",
		"path": ["daemon", "storage_driver"],
	}}
}

test_d06_aufs_from_docker_info_warned if {
	findings := daemon.warn with input as testing.info_doc({"storage_driver": "aufs"})
	count(lt.with_id(findings, "DKR-D06")) == 1
}

test_d06_other_drivers_pass[driver] if {
	some driver in [null, "overlay2", "btrfs", "zfs", "overlayfs"]
	findings := daemon.warn with input as testing.json_doc({"storage_driver": driver})
	count(lt.with_id(findings, "DKR-D06")) == 0
}
