package dockpol.container

import data.dockpol.lib

# METADATA
# title: Secrets in environment variables
# description: >-
#   A variable that looks like a secret (by its name, or by a value shaped
#   like a credential: a password in a URL, a private key, a known token
#   prefix) is given a literal value: written in the compose file or the
#   project's committed .env, in a service env_file, or in a create request.
#   Environment values are readable through docker inspect, /proc/PID/environ,
#   crash dumps and logs, and the file they came from is usually committed.
#   Values interpolated from the environment running compose, left empty,
#   passed through by name, or given as *_FILE paths do not fire. In CI a
#   committed secret fails the check; at the authorization gate and in audits
#   it is a warning.
# related_resources:
#   - https://docs.docker.com/compose/how-tos/use-secrets/
#   - https://docs.docker.com/engine/swarm/secrets/
#   - https://www.cisecurity.org/benchmark/docker
# custom:
#   id: DKR-C35
#   severity: high
#   action: deny
#   actions: {ci: deny, gate: warn, audit: warn}
#   cis: "4.10"
#   kinds: [compose, container, request, image]
#   remediation: |-
#     Move the value out of the environment into a secret, mounted as a file,
#     and point the application at the file:
#       services:
#         db:
#           environment:
#             POSTGRES_PASSWORD_FILE: /run/secrets/db_password
#           secrets: [db_password]
#       secrets:
#         db_password:
#           file: ./secrets/db_password.txt   # not committed
#     Rotate any secret that was committed.
deny contains finding if {
	some i, env in input.container.environment
	env.secret_like == true
	how := {
		"literal": "a literal value",
		"env_file": "a value from an env_file",
	}[env.value_kind]
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s gives the secret-looking variable %s %s.", [lib.subject, env.name, how]),
		"path": ["environment", i],
	}
}
