package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

c22_device(path) := {"host_path": path, "container_path": path, "permissions": "rwm"}

test_c22_device_warned if {
	findings := container.warn with input as testing.compose({"devices": [c22_device("/dev/ttyUSB0")]})
	testing.with_id(findings, "DKR-C22") == {{
		"id": "DKR-C22",
		"msg": `service "web" maps the host device "/dev/ttyUSB0" into the container.`,
		"path": ["devices", 0, "host_path"],
	}}
}

test_c22_host_memory_named[p] if {
	some p in ["/dev/mem", "/dev/kmem", "/dev/port"]
	findings := container.warn with input as testing.compose({"devices": [c22_device(p)]})
	some f in testing.with_id(findings, "DKR-C22")
	endswith(f.msg, "into the container, which gives it the host's memory.")
}

test_c22_raw_disk_named[p] if {
	some p in ["/dev/sda", "/dev/sdb1", "/dev/nvme0n1", "/dev/vda", "/dev/xvdf", "/dev/mmcblk0", "/dev/dm-0", "/dev/mapper/root", "/dev/loop0", "/dev/md0"]
	findings := container.warn with input as testing.compose({"devices": [c22_device(p)]})
	some f in testing.with_id(findings, "DKR-C22")
	endswith(f.msg, "into the container, which gives it a raw host disk.")
}

test_c22_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"devices": [c22_device("/dev/fuse"), c22_device("/dev/sda")]})
	count(testing.with_id(findings, "DKR-C22")) == 2
}

test_c22_no_devices_passes if {
	findings := container.warn with input as testing.compose({"devices": []})
	count(testing.with_id(findings, "DKR-C22")) == 0
}

test_c22_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["devices"]),
		"document": {"kind": "image"},
	}
	count(testing.with_id(findings, "DKR-C22")) == 0
}
