package dockpol.request_test

import data.dockpol.request

test_c38_root_exec_warned[user] if {
	some user in ["root", "0", "0:0", "root:root", "0:1000"]
	findings := request.warn with input as exec({"user": user})
	findings == {{
		"id": "DKR-C38",
		"msg": sprintf(`The exec into container "web" runs as root (user %q).`, [user]),
		"path": ["request", "exec", "user"],
	}}
}

test_c38_other_users_pass[user] if {
	some user in [null, "", "1000", "app", "1000:0", "rooty"]
	count(request.warn) == 0 with input as exec({"user": user})
}
