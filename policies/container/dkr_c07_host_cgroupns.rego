package dockpol.container

import data.dockpol.lib

# METADATA
# title: Host cgroup namespace shared
# description: >-
#   The container shares the host's cgroup namespace: it sees the host's
#   whole cgroup hierarchy (and the paths of every other container in
#   /proc/self/cgroup). `host` is Docker's default on cgroup v1 hosts, so the
#   inspect adapter keeps it only when it is not the host's default (a live
#   audit knows the cgroup version; a saved inspect reads it as not set);
#   compose `cgroup: host` and a create body ask for it explicitly. The
#   daemon-wide `default-cgroupns-mode` is a daemon setting, not judged here.
# related_resources:
#   - https://docs.docker.com/reference/cli/docker/container/run/#cgroupns
#   - https://docs.docker.com/reference/compose-file/services/#cgroup
#   - https://man7.org/linux/man-pages/man7/cgroup_namespaces.7.html
# custom:
#   id: DKR-C07
#   severity: low
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     Remove `cgroup: host` (`--cgroupns=host`) or ask for a private cgroup
#     namespace:
#       cgroup: private
warn contains finding if {
	input.container.namespaces.cgroup == "host"
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s shares the host's cgroup namespace (cgroup host), so it sees the host's whole cgroup hierarchy.", [lib.subject]),
		"path": ["namespaces", "cgroup"],
	}
}
