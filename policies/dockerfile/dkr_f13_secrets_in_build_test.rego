package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f13_aws_configure_denied if {
	findings := dockerfile.deny with input as testing.one([testing.run("aws configure set aws_secret_access_key <redacted>")])
	some f in lt.with_id(findings, "DKR-F13")
	f == {
		"id": "DKR-F13",
		"msg": "RUN in stage 0 stores AWS keys with aws configure set without a build secret mount: the credential stays in the image layer.",
		"path": testing.path(0, 0),
	}
}

test_f13_credential_commands_denied[note] if {
	some note, tc in {
		"gcloud": ["gcloud auth activate-service-account --key-file=/tmp/key.json", "activates a Google Cloud service account key"],
		"az": ["az login --service-principal -u app -p <redacted> --tenant t", "logs in to Azure with a password"],
		"doctl": ["doctl auth init -t <redacted>", "stores a DigitalOcean token with doctl auth init"],
		"docker login": ["docker login -u ci -p <redacted> registry.example.com", "logs in to a registry with a password"],
		"chpasswd": ["echo <redacted> | chpasswd", "sets a password with chpasswd"],
	}
	findings := dockerfile.deny with input as testing.one([testing.run(tc[0])])
	some f in lt.with_id(findings, "DKR-F13")
	f.msg == sprintf("RUN in stage 0 %s without a build secret mount: the credential stays in the image layer.", [tc[1]])
}

test_f13_redacted_command_line_denied if {
	findings := dockerfile.deny with input as testing.one([testing.run("curl -H 'Authorization: Bearer <redacted>' https://api.example.com/x")])
	some f in lt.with_id(findings, "DKR-F13")
	f.msg == "RUN in stage 0 writes a secret-looking value on its command line (redacted here): it stays in the image history."
}

test_f13_secret_env_and_arg_denied[cmd] if {
	some cmd in ["ENV", "ARG"]
	findings := dockerfile.deny with input as testing.one([testing.var(cmd, "API_TOKEN", "x", true)])
	some f in lt.with_id(findings, "DKR-F13")
	startswith(f.msg, sprintf("%s in stage 0 gives the secret-looking variable API_TOKEN a literal value", [cmd]))
}

test_f13_global_arg_denied if {
	doc := json.patch(testing.one([]), [{"op": "replace", "path": "/dockerfile/args", "value": [{"name": "NPM_TOKEN", "value_kind": "literal", "secret_like": true}]}])
	findings := dockerfile.deny with input as doc
	some f in lt.with_id(findings, "DKR-F13")
	f.path == ["dockerfile", "args", 0]
}

test_f13_secret_files_copied_denied[src] if {
	some src in ["id_rsa", "/home/ci/.ssh/id_ed25519", ".npmrc", "config/.aws/credentials", ".docker/config.json", "certs/server.key", ".env"]
	findings := dockerfile.deny with input as testing.one([testing.copy("COPY", [src], "/root/")])
	count(lt.with_id(findings, "DKR-F13")) == 1
}

test_f13_copy_to_credentials_path_denied if {
	findings := dockerfile.deny with input as testing.one([
		testing.var("ENV", "GOOGLE_APPLICATION_CREDENTIALS", "/app/sa.json", false),
		testing.copy("COPY", ["deploy/sa.json"], "/app/"),
	])
	some f in lt.with_id(findings, "DKR-F13")
	f.msg == "COPY in stage 0 copies a credentials file to /app/sa.json, the path GOOGLE_APPLICATION_CREDENTIALS names: it stays in the image."
	f.path == testing.path(0, 1)
}

test_f13_secret_mount_and_safe_builds_pass[note] if {
	some note, x in {
		"secret mount": testing.run_mounts("aws configure set aws_access_key_id $(cat /run/secrets/aws_id)", [testing.secret_mount("aws_id", null)]),
		"login from stdin": testing.run("cat /run/secrets/pw | docker login -u ci --password-stdin registry.example.com"),
		"empty secret env": object.union(testing.var("ENV", "DB_PASSWORD", "", false), {"vars": [{"name": "DB_PASSWORD", "value_kind": "empty", "secret_like": true}]}),
		"passthrough arg": object.union(testing.ins("ARG", {}), {"vars": [{"name": "NPM_TOKEN", "value_kind": "passthrough", "secret_like": true}]}),
		"file ref": object.union(testing.ins("ENV", {}), {"vars": [{"name": "DB_PASSWORD_FILE", "value_kind": "file_ref", "secret_like": false, "value": "/run/secrets/db"}]}),
		"public files": testing.copy("COPY", ["app/", "certs/ca.pem", ".env.example"], "/srv/"),
		"repository keys": testing.copy("ADD", ["https://download.example.com/Release.key", "docker-archive-keyring.key", "keys/release.key"], "/etc/apt/keyrings/"),
	}
	findings := dockerfile.deny with input as testing.one([x])
	count(lt.with_id(findings, "DKR-F13")) == 0
}
