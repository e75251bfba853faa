package dockpol.lib_test

import data.dockpol.lib

test_trusted_image_name_by_segment if {
	lib.trusted_image_name("docker.io/library/nginx", ["docker.io/library"])
	lib.trusted_image_name("ghcr.io/acme/app", ["GHCR.io/acme/*"])
	lib.trusted_image_name("registry.example.com/x", ["registry.example.com/"])
	not lib.trusted_image_name("docker.io/libraryx/app", ["docker.io/library"])
	not lib.trusted_image_name("ghcr.io/acme/app", ["", "  "])
}
