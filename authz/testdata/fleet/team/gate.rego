# The fleet's rule in every fleet test bundle (fleet_test.go builds the
# bundles around it): deny containers whose image is on the bundle's
# block list, data.team.blocked. It calls the shipped helpers, as team
# rules do, so a bundle activates only when OPA sees them too.

# METADATA
# custom:
#   input: container
package team.gate

import data.dockpol.lib

# METADATA
# title: Image on the fleet's block list
# description: The fleet's policy bundle lists images no host may run.
# custom:
#   id: TEAM-F01
#   severity: high
#   action: deny
#   kinds: [compose, container, request]
#   remediation: Use an image the fleet's bundle does not block.
deny contains finding if {
	some blocked in data.team.blocked
	contains(input.container.image.ref, blocked)
	finding := lib.finding(
		rego.metadata.rule(),
		sprintf("%s uses the blocked image %q.", [lib.subject, input.container.image.ref]),
		["image"],
	)
}
