package dockpol.swarm_test

import data.dockpol.lib.testing as lt
import data.dockpol.swarm

test_w02_public_address_warned[addr] if {
	some addr in ["203.0.113.7", "2001:db8::5"]
	findings := swarm.warn with input as swarm_doc({"node_addr": addr})
	lt.with_id(findings, "DKR-W02") == {{
		"id": "DKR-W02",
		"msg": sprintf("The swarm manager advertises the public address %s: its swarm ports are reachable beyond the private network.", [addr]),
		"path": ["daemon", "swarm", "node_addr"],
	}}
}

test_w02_private_address_passes[addr] if {
	some addr in ["10.0.0.5", "172.20.1.2", "192.168.1.10", "fd00::5", "node1.internal", ""]
	findings := swarm.warn with input as swarm_doc({"node_addr": addr})
	count(lt.with_id(findings, "DKR-W02")) == 0
}

test_w02_configured_private_networks if {
	findings := swarm.warn with input as swarm_doc({"node_addr": "203.0.113.7"})
		with data.dockpol.config as {"swarm_private_networks": ["203.0.113.0/24"]}
	count(lt.with_id(findings, "DKR-W02")) == 0
}

test_w02_worker_or_unknown_passes[note] if {
	some note, s in {
		"worker": {"control_available": false, "node_addr": "203.0.113.7"},
		"no address": {"node_addr": null},
	}
	findings := swarm.warn with input as swarm_doc(s)
	count(lt.with_id(findings, "DKR-W02")) == 0
}
