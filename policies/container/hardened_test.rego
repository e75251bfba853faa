package dockpol.container_test

import data.dockpol.container
import data.dockpol.image
import data.dockpol.lib.testing
import data.dockpol.network

# The shared fixture must stay clean, or the passing cases prove nothing.
test_hardened_fixture_has_no_findings[kind] if {
	some kind in ["compose", "container", "request"]

	# The hardened service also pins its image by digest (DKR-I02).
	doc := testing.input_for(kind, {"image": {"digest": "sha256:0000000000000000000000000000000000000000000000000000000000000000"}})
	count(container.deny) == 0 with input as doc
	count(container.warn) == 0 with input as doc
	count(image.warn) == 0 with input as doc
	count(network.warn) == 0 with input as doc
}
