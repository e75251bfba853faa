package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c18_docker_socket_denied if {
	findings := container.deny with input as testing.compose({"mounts": [testing.bind("/var/run/docker.sock", true)]})
	testing.with_id(findings, "DKR-C18") == {{
		"id": "DKR-C18",
		"msg": `service "web" mounts the container-engine socket "/var/run/docker.sock", which gives it control of the host.`,
		"path": ["mounts", 0, "source"],
	}}
}

test_c18_engine_sockets_denied[source] if {
	some source in [
		"/var/run/docker.sock",
		"/run/docker.sock",
		"/run/containerd/containerd.sock",
		"/var/run/crio/crio.sock",
		"/run/podman/podman.sock",
		"/run/user/1000/podman/podman.sock",
		"/var/run//docker.sock/",
	]
	some read_only in [true, false]
	findings := container.deny with input as testing.compose({"mounts": [
		testing.bind("./html", true),
		testing.bind(source, read_only),
	]})
	{f.path | some f in testing.with_id(findings, "DKR-C18")} == {["mounts", 1, "source"]}
}

test_c18_windows_named_pipe_denied if {
	findings := container.deny with input as testing.input_for("container", {"mounts": [{
		"type": "npipe",
		"source": `\\.\pipe\docker_engine`,
		"target": `\\.\pipe\docker_engine`,
		"read_only": false,
		"propagation": null,
		"volume_driver": null,
		"driver_device": null,
	}]})
	{f.path | some f in testing.with_id(findings, "DKR-C18")} == {["mounts", 0, "source"]}
}

test_c18_local_volume_bound_to_socket_denied if {
	findings := container.deny with input as testing.compose({"mounts": [{
		"type": "volume",
		"source": "engine",
		"target": "/var/run/docker.sock",
		"read_only": false,
		"propagation": null,
		"volume_driver": "local",
		"driver_device": "/var/run/docker.sock",
	}]})
	{f.path | some f in testing.with_id(findings, "DKR-C18")} == {["mounts", 0, "driver_device"]}
}

test_c18_other_mounts_pass[note] if {
	some note, mount in {
		"socket directory (DKR-C19's)": testing.bind("/var/run", true),
		"docker state directory": testing.bind("/run/docker", false),
		"similar name": testing.bind("/srv/docker.socket", false),
		"named volume called docker.sock": {
			"type": "volume",
			"source": "docker.sock",
			"target": "/data",
			"read_only": false,
			"propagation": null,
			"volume_driver": null,
			"driver_device": null,
		},
	}
	findings := container.deny with input as testing.compose({"mounts": [mount]})
	count(testing.with_id(findings, "DKR-C18")) == 0
}

test_c18_no_mounts_passes if {
	findings := container.deny with input as testing.compose({})
	count(testing.with_id(findings, "DKR-C18")) == 0
}
