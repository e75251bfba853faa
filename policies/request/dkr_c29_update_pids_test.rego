package dockpol.request_test

import data.dockpol.request

test_c29_update_lifting_pids_limit_warned[pids] if {
	some pids in [-1, 0]
	request.warn == {{
		"id": "DKR-C29",
		"msg": sprintf(`The update of container "web" removes its PIDs limit (pids_limit %d).`, [pids]),
		"path": ["request", "update", "resources", "pids_limit"],
	}} with input as update({"pids_limit": pids})
}

test_c29_update_setting_pids_limit_passes if {
	count(request.warn) == 0 with input as update({"pids_limit": 200})
}
