package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c23_all_devices_denied if {
	findings := container.deny with input as testing.compose({"device_cgroup_rules": ["a *:* rwm"]})
	testing.with_id(findings, "DKR-C23") == {{
		"id": "DKR-C23",
		"msg": `service "web" has the device cgroup rule "a *:* rwm", which allows every device of the host.`,
		"path": ["device_cgroup_rules", 0],
	}}
}

test_c23_permissive_spellings_denied[rule] if {
	some rule in ["a", "a 7:* rwm", "a 1:3 r", "c *:* rwm", "b *:* rw", "c *:1 m", "  c  *:* rwm"]
	findings := container.deny with input as testing.compose({"device_cgroup_rules": ["c 189:* rmw", rule]})
	some f in testing.with_id(findings, "DKR-C23")
	f.path == ["device_cgroup_rules", 1]
}

test_c23_device_class_named[note] if {
	some note, tc in {
		"character": ["c *:* rwm", "every character device of the host."],
		"block": ["b *:* rw", "every block device of the host."],
	}
	findings := container.deny with input as testing.compose({"device_cgroup_rules": [tc[0]]})
	some f in testing.with_id(findings, "DKR-C23")
	endswith(f.msg, tc[1])
}

test_c23_inspect_and_request_denied[kind] if {
	some kind in ["container", "request"]
	findings := container.deny with input as testing.input_for(kind, {"device_cgroup_rules": ["c *:* rwm"]})
	count(testing.with_id(findings, "DKR-C23")) == 1
}

test_c23_narrow_rules_pass[rule] if {
	some rule in ["c 189:* rmw", "c 1:3 mr", "b 8:0 r", "c 10:200 rwm"]
	findings := container.deny with input as testing.compose({"device_cgroup_rules": [rule]})
	count(testing.with_id(findings, "DKR-C23")) == 0
}

test_c23_none_passes if {
	findings := container.deny with input as testing.compose({"device_cgroup_rules": []})
	count(testing.with_id(findings, "DKR-C23")) == 0
}
