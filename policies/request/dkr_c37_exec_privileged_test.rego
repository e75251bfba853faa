package dockpol.request_test

import data.dockpol.request

exec(e) := req("POST", "/containers/web/exec", "exec.create", {
	"target": "web",
	"body": {"state": "decoded", "required": true, "size": 60, "error": null},
	"exec": object.union({"privileged": false, "user": null, "environment": [], "command": ["sh"], "working_dir": null, "tty": true}, e),
})

test_c37_privileged_exec_denied if {
	request.deny == {{
		"id": "DKR-C37",
		"msg": `The exec into container "web" asks for --privileged, which lifts the container's confinement.`,
		"path": ["request", "exec", "privileged"],
	}} with input as exec({"privileged": true})
}

test_c37_plain_exec_passes if {
	count(request.deny) == 0 with input as exec({})
}

test_c37_only_exec_requests if {
	# an update has no exec: a stray field must not fire the rule
	doc := req("POST", "/containers/web/update", "container.update", {"exec": {"privileged": true}})
	not "DKR-C37" in ids(request.deny) with input as doc
}
