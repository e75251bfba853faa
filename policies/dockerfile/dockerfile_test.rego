package dockpol.dockerfile_test

import data.dockpol.dockerfile

test_commands_split_and_strip if {
	dockerfile.commands("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl; sudo -E pip install x | tee log") == [
		["apt-get", "update"],
		["apt-get", "install", "-y", "curl"],
		["pip", "install", "x"],
		["tee", "log"],
	]
}

test_commands_heredoc_lines if {
	dockerfile.commands("<<EOF\napk add git\necho $(id -u)\n") == [["<<EOF"], ["apk", "add", "git"], ["echo"], ["id", "-u"]]
}

test_command_name if {
	dockerfile.command_name(["/usr/local/bin/pip3", "install"]) == "pip3"
}

test_sub_and_operands if {
	cmd := ["apt-get", "-q", "install", "-y", "-t", "bookworm-backports", "curl", "git=1:2.39"]
	dockerfile.sub(cmd) == "install"
	dockerfile.operands(cmd, {"-t"}) == ["curl", "git=1:2.39"]
}

test_final_stages if {
	doc := {"dockerfile": {
		"final": {"stage": 2},
		"stages": [
			{"name": "base", "base": {"stage_index": null}},
			{"name": "build", "base": {"stage_index": null}},
			{"name": null, "base": {"stage_index": 0}},
		],
	}}
	dockerfile.final_stages == {0, 2} with input as doc
}

test_stage_label if {
	doc := {"dockerfile": {"stages": [{"name": "build"}, {"name": null}]}}
	dockerfile.stage_label(0) == `stage "build"` with input as doc
	dockerfile.stage_label(1) == "stage 1" with input as doc
}
