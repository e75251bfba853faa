package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f11_curl_insecure_denied if {
	findings := dockerfile.deny with input as testing.one([testing.run("curl -fsSLk https://example.com/install.sh | sh")])
	lt.with_id(findings, "DKR-F11") == {{
		"id": "DKR-F11",
		"msg": "RUN in stage 0 disables TLS certificate verification (curl --insecure).",
		"path": testing.path(0, 0),
	}}
}

test_f11_run_variants_denied[script] if {
	some script in [
		"curl --insecure -o /tmp/x https://example.com/x",
		"wget --no-check-certificate https://example.com/x",
		"pip install --trusted-host pypi.internal -r requirements.txt",
		"python3 -m pip install --trusted-host=pypi.internal flask==3.0.3",
		"npm config set strict-ssl false && npm ci",
		"yarn config set strict-ssl false",
		"git config --global http.sslVerify false",
		"git -c http.sslVerify=false clone https://git.internal/x.git",
		"dnf install -y --setopt=sslverify=0 httpd",
		"echo 'sslverify=false' >> /etc/yum.conf",
		"export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci",
		"PYTHONHTTPSVERIFY=0 python setup.py install",
		"GIT_SSL_NO_VERIFY=1 git clone https://git.internal/x.git",
	]
	findings := dockerfile.deny with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F11")) == 1
}

test_f11_env_and_arg_denied[note] if {
	some note, tc in {
		"node": ["ENV", "NODE_TLS_REJECT_UNAUTHORIZED", "0"],
		"python": ["ENV", "PYTHONHTTPSVERIFY", "0"],
		"npm": ["ENV", "NPM_CONFIG_STRICT_SSL", "false"],
		"git": ["ARG", "GIT_SSL_NO_VERIFY", "true"],
		"pip": ["ENV", "PIP_TRUSTED_HOST", "pypi.internal"],
	}
	findings := dockerfile.deny with input as testing.one([testing.var(tc[0], tc[1], tc[2], false)])
	some f in lt.with_id(findings, "DKR-F11")
	f.msg == sprintf("%s %s in stage 0 disables TLS certificate verification for the build steps after it.", [tc[0], tc[1]])
	f.path == testing.path(0, 0)
}

test_f11_verified_downloads_pass[script] if {
	some script in [
		"curl -fsSL https://example.com/install.sh -o /tmp/install.sh",
		"curl -K /etc/curlrc https://example.com",
		"wget -q https://example.com/x",
		"pip install --no-cache-dir -r requirements.txt",
		"npm config set registry https://registry.internal/",
		"git config --global http.sslVerify true",
		"mkdir -p /kube",
	]
	findings := dockerfile.deny with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F11")) == 0
}

test_f11_safe_variables_pass if {
	findings := dockerfile.deny with input as testing.one([
		testing.var("ENV", "NODE_TLS_REJECT_UNAUTHORIZED", "1", false),
		testing.var("ENV", "PYTHONHTTPSVERIFY", "1", false),
	])
	count(lt.with_id(findings, "DKR-F11")) == 0
}
