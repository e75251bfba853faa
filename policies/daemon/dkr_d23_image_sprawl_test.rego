package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d23_many_images_warned if {
	findings := daemon.warn with input as testing.info_doc({"images": 250})
	lt.with_id(findings, "DKR-D23") == {{
		"id": "DKR-D23",
		"msg": "The host stores 250 images (more than 100).",
		"path": ["daemon", "images"],
	}}
}

test_d23_threshold_configurable if {
	doc := testing.info_doc({"images": 30})
	count(lt.with_id(daemon.warn, "DKR-D23")) == 1 with input as doc with data.dockpol.config as {"max_images": 20}
}

test_d23_few_images_pass if {
	findings := daemon.warn with input as testing.info_doc({"images": 12})
	count(lt.with_id(findings, "DKR-D23")) == 0
}
