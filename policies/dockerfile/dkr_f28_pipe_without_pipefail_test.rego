package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

_f28_shell(args) := testing.ins("SHELL", {"args": args, "json_form": true})

test_f28_pipe_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("curl -fsSL https://example.com/install.sh | bash")])
	lt.with_id(findings, "DKR-F28") == {{
		"id": "DKR-F28",
		"msg": "RUN in stage 0 pipes commands without pipefail: a failing command before the last | goes unnoticed.",
		"path": testing.path(0, 0),
	}}
}

test_f28_shell_reset_warned if {
	findings := dockerfile.warn with input as testing.one([
		_f28_shell(["/bin/bash", "-o", "pipefail", "-c"]),
		_f28_shell(["/bin/bash", "-c"]),
		testing.run("ls|wc -l"),
	])
	count(lt.with_id(findings, "DKR-F28")) == 1
}

test_f28_pipefail_passes[note] if {
	some note, instructions in {
		"shell": [_f28_shell(["/bin/bash", "-o", "pipefail", "-c"]), testing.run("ls | wc -l")],
		"ash": [_f28_shell(["/bin/ash", "-eo", "pipefail", "-c"]), testing.run("ls | wc -l")],
		"set": [testing.run("set -euxo pipefail && ls | wc -l")],
		"or": [testing.run("test -f /x || exit 1")],
		"quoted": [testing.run("grep -E 'a|b' /etc/x")],
		"pwsh": [_f28_shell(["pwsh", "-Command"]), testing.run("Get-ChildItem | Select-Object Name")],
		"exec": [testing.ins("RUN", {"args": ["sh", "-c", "a | b"], "script": "sh -c a | b", "json_form": true, "heredocs": [], "mounts": []})],
		"data heredoc": [testing.ins("RUN", {"args": ["cat <<EOF > /x"], "script": "cat <<EOF > /x\na|b\n", "json_form": false, "heredocs": [{"name": "EOF", "expand": true, "content": "a|b\n"}], "mounts": []})],
	}
	findings := dockerfile.warn with input as testing.one(instructions)
	count(lt.with_id(findings, "DKR-F28")) == 0
}

test_f28_inherited_shell_passes if {
	child := object.union(testing.stage(null, [testing.run("ls | wc -l")]), {"base": object.union(testing.base, {"stage": true, "stage_index": 0})})
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("base", [_f28_shell(["/bin/bash", "-o", "pipefail", "-c"])]),
		child,
	])
	count(lt.with_id(findings, "DKR-F28")) == 0
}
