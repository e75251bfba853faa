package dockpol.swarm_test

import data.dockpol.lib.testing as lt
import data.dockpol.swarm

hours(h) := (h * 3600) * 1000000000

test_w04_long_expiry_warned if {
	findings := swarm.warn with input as swarm_doc({"node_cert_expiry_ns": hours(8760)})
	lt.with_id(findings, "DKR-W04") == {{
		"id": "DKR-W04",
		"msg": "The swarm issues node certificates valid for 8760h, longer than the maximum of 2160h.",
		"path": ["daemon", "swarm", "node_cert_expiry_ns"],
	}}
}

test_w04_configured_maximum if {
	findings := swarm.warn with input as swarm_doc({"node_cert_expiry_ns": hours(2160)})
		with data.dockpol.config as {"swarm_max_node_cert_expiry_hours": 720}
	count(lt.with_id(findings, "DKR-W04")) == 1
}

test_w04_passes[note] if {
	some note, s in {
		"default 90 days": {"node_cert_expiry_ns": hours(2160)},
		"shorter": {"node_cert_expiry_ns": hours(720)},
		"worker": {"control_available": false, "node_cert_expiry_ns": null},
	}
	findings := swarm.warn with input as swarm_doc(s)
	count(lt.with_id(findings, "DKR-W04")) == 0
}
