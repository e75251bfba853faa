package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

dockerfile_with_runs(scripts) := {
	"container": {"name": "Dockerfile", "image": img("alpine:3.20", "library/alpine", "3.20", null).image, "user": "10001"},
	"document": {"kind": "image", "dockerfile": {"stages": [{
		"index": 0,
		"name": null,
		"line": 1,
		"instructions": [{"cmd": "RUN", "line": i + 2, "script": s} | some i, s in scripts],
	}]}},
}

test_i07_setuid_warned[script] if {
	some script in [
		"chmod u+s /usr/bin/tool",
		"chmod g+s /srv/shared",
		"chmod +s /bin/x",
		"chmod a+rx,u+s /bin/x",
		"chmod ug=rwxs /bin/x",
		"chmod 4755 /usr/bin/tool",
		"chmod -R 2775 /srv",
		"chmod 06755 /bin/x",
		"apk add --no-cache foo && sudo chmod 'u+s' /bin/x",
		"install -m 4755 tool /usr/local/bin/tool",
		"install --mode=2755 tool /usr/local/bin/tool",
	]
	findings := image.warn with input as dockerfile_with_runs(["echo hi", script])
	some f in testing.with_id(findings, "DKR-I07")
	f.id == "DKR-I07"
	contains(f.msg, "(RUN at line 3)")
	f.path == []
}

test_i07_message if {
	findings := image.warn with input as dockerfile_with_runs(["chmod 4755 /usr/bin/tool"])
	testing.with_id(findings, "DKR-I07") == {{
		"id": "DKR-I07",
		"msg": "container \"Dockerfile\" sets a setuid/setgid bit with `chmod 4755` (RUN at line 2).",
		"path": [],
	}}
}

test_i07_ordinary_modes_pass[script] if {
	some script in [
		"chmod 755 /app/run.sh",
		"chmod 0644 /etc/app.conf",
		"chmod 1777 /tmp/x",
		"chmod u-s /bin/x",
		"chmod a-s /bin/x",
		"chmod +x /app/run.sh",
		"chmod u+rwx,go+rx /app",
		"chmod --reference=/a /b",
		"install -m 0755 tool /usr/local/bin/tool",
		"echo chmod",
	]
	findings := image.warn with input as dockerfile_with_runs([script])
	count(testing.with_id(findings, "DKR-I07")) == 0
}

test_i07_other_kinds_pass[kind] if {
	some kind in ["compose", "container", "request"]
	findings := image.warn with input as testing.input_for(kind, {})
	count(testing.with_id(findings, "DKR-I07")) == 0
}
