package dockpol.request_test

import data.dockpol.request

update(resources) := req("POST", "/containers/web/update", "container.update", {
	"target": "web",
	"body": {"state": "decoded", "required": true, "size": 30, "error": null},
	"update": {
		"resources": object.union({"memory": null, "memory_swap": null, "cpus": null, "cpu_shares": null, "cpu_quota": null, "pids_limit": null, "oom_kill_disable": null}, resources),
		"restart": null,
	},
})

test_c26_update_disabling_oom_killer_warned if {
	request.warn == {{
		"id": "DKR-C26",
		"msg": `The update of container "web" disables the OOM killer without a memory limit.`,
		"path": ["request", "update", "resources", "oom_kill_disable"],
	}} with input as update({"oom_kill_disable": true})
}

test_c26_update_with_memory_limit_passes if {
	count(request.warn) == 0 with input as update({"oom_kill_disable": true, "memory": 536870912})
	count(request.warn) == 0 with input as update({"memory": 536870912})
}
