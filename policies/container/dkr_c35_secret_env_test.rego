package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

env(name, value_kind, secret_like) := {"name": name, "value_kind": value_kind, "secret_like": secret_like}

test_c35_literal_secret_denied[note] if {
	some note, tc in {
		"literal": ["literal", `service "web" gives the secret-looking variable POSTGRES_PASSWORD a literal value.`],
		"env_file": ["env_file", `service "web" gives the secret-looking variable POSTGRES_PASSWORD a value from an env_file.`],
	}
	[value_kind, want] := tc
	findings := container.deny with input as testing.compose({"environment": [
		env("TZ", "literal", false),
		env("POSTGRES_PASSWORD", value_kind, true),
	]})
	testing.with_id(findings, "DKR-C35") == {{"id": "DKR-C35", "msg": want, "path": ["environment", 1]}}
}

test_c35_one_finding_per_variable if {
	findings := container.deny with input as testing.input_for("request", {"environment": [
		env("API_TOKEN", "literal", true),
		env("DATABASE_URL", "literal", true),
	]})
	{f.path | some f in testing.with_id(findings, "DKR-C35")} == {["environment", 0], ["environment", 1]}
}

test_c35_message_never_holds_the_value if {
	# secret-like variables carry no value; even if an adapter slipped one
	# in, the message names the variable only.
	leaked := object.union(env("DB_PASSWORD", "literal", true), {"value": "hunter2"})
	findings := container.deny with input as testing.compose({"environment": [leaked]})
	some f in testing.with_id(findings, "DKR-C35")
	contains(f.msg, "DB_PASSWORD")
	not contains(f.msg, "hunter2")
}

test_c35_secrets_not_given_literally_pass[value_kind] if {
	some value_kind in ["interpolated", "empty", "passthrough", "file_ref"]
	findings := container.deny with input as testing.compose({"environment": [env("POSTGRES_PASSWORD", value_kind, true)]})
	count(testing.with_id(findings, "DKR-C35")) == 0
}

test_c35_non_secret_literals_pass if {
	findings := container.deny with input as testing.compose({"environment": [
		object.union(env("TZ", "literal", false), {"value": "UTC"}),
		object.union(env("PASSWORD_MIN_LENGTH", "env_file", false), {"value": "12"}),
	]})
	count(testing.with_id(findings, "DKR-C35")) == 0
}
