package dockpol.dockerfile_test

import data.dockpol.dockerfile

test_f_subcmd if {
	dockerfile.f_subcmd(["apt-get", "-o", "Dpkg::Options::=--force-confold", "-y", "install", "curl"]) == "install"
	dockerfile.f_subcmd(["dnf", "--setopt", "x=1", "upgrade"]) == "upgrade"
	not dockerfile.f_subcmd(["apt-get", "-y"])
}

test_f_short_flag if {
	dockerfile.f_short_flag(["apt-get", "-qy", "install"], "y")
	not dockerfile.f_short_flag(["apt-get", "--yes-no", "install"], "y")
}

test_f_exec_script if {
	dockerfile.f_exec_script({"args": ["<<EOF"], "json_form": false, "script": "<<EOF\nls | wc\n", "heredocs": [{"name": "EOF"}]}) == "<<EOF\nls | wc\n"
	dockerfile.f_exec_script({"args": ["bash -e <<EOF"], "json_form": false, "script": "bash -e <<EOF\nls | wc\n", "heredocs": [{"name": "EOF"}]}) == "bash -e <<EOF\nls | wc\n"
	dockerfile.f_exec_script({"args": ["cat <<EOF > /x"], "json_form": false, "script": "cat <<EOF > /x\na|b\n", "heredocs": [{"name": "EOF"}]}) == "cat <<EOF > /x"
	dockerfile.f_exec_script({"args": ["ls"], "json_form": false, "script": "ls", "heredocs": []}) == "ls"
}
