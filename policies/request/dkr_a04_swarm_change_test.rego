package dockpol.request_test

import data.dockpol.request

test_a04_swarm_changes_denied[endpoint] if {
	some endpoint in ["swarm.init", "swarm.join", "swarm.leave", "swarm.update", "node.update", "node.remove"]
	request.deny == {{
		"id": "DKR-A04",
		"msg": "POST /swarm/x changes swarm membership or cluster configuration.",
		"path": ["request", "endpoint"],
	}} with input as req("POST", "/swarm/x", endpoint, {})
}

test_a04_services_and_unlock_pass[endpoint] if {
	some endpoint in ["swarm.unlock", "service.remove", "secret.manage"]
	count(request.deny) == 0 with input as req("POST", "/swarm/x", endpoint, {})
}
