package dockpol.network_test

import data.dockpol.lib.testing
import data.dockpol.network

test_n04_published_ssh_warned[kind] if {
	some kind in ["compose", "container", "request"]
	findings := network.warn with input as testing.input_for(kind, {"ports": [port("127.0.0.1", "2222", 22)]})
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-N04") == {{
		"id": "DKR-N04",
		"msg": sprintf(`%s "web" publishes the SSH port 22/tcp on host port 2222.`, [noun]),
		"path": ["ports", 0],
	}}
}

test_n04_exposed_ssh_warned[kind] if {
	some kind in ["compose", "container", "request", "image"]
	findings := network.warn with input as testing.input_for(kind, {"exposed_ports": ["80/tcp", "22/tcp"]})
	{f.path | some f in testing.with_id(findings, "DKR-N04")} == {["exposed_ports", 1]}
}

test_n04_sshd_command_warned[note] if {
	some note, overrides in {
		"exec form": {"command": ["/usr/sbin/sshd", "-D"]},
		"shell form": {"entrypoint": ["/bin/sh", "-c", "service rsyslog start && /usr/sbin/sshd -D -e"]},
		"bare": {"command": ["sshd"]},
		"dropbear": {"command": ["dropbear", "-F", "-E"]},
	}
	findings := network.warn with input as testing.input_for("image", overrides)
	some f in testing.with_id(findings, "DKR-N04")
	f.id == "DKR-N04"
	contains(f.msg, "runs an SSH daemon")
}

test_n04_passes[note] if {
	some note, overrides in {
		"hardened": {},
		"udp 22": {"ports": [{"host_ip": "127.0.0.1", "host_port": "22", "container_port": 22, "protocol": "udp"}]},
		"2222 exposed": {"exposed_ports": ["2222/tcp"]},
		"ssh client": {"command": ["ssh", "-N", "tunnel@example.com"]},
		"sshd in a longer name": {"command": ["/app/sshd-exporter", "--port", "9100"]},
		"null command": {"command": null, "entrypoint": null},
	}
	findings := network.warn with input as testing.compose(overrides)
	count(testing.with_id(findings, "DKR-N04")) == 0
}
