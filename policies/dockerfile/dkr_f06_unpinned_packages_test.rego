package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f06_apt_unpinned_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.5-0+deb12u1 ca-certificates && rm -rf /var/lib/apt/lists/*")])
	lt.with_id(findings, "DKR-F06") == {{
		"id": "DKR-F06",
		"msg": "RUN in stage 0 installs apt-get packages without a pinned version: curl, ca-certificates.",
		"path": testing.path(0, 0),
	}}
}

test_f06_managers_warned[note] if {
	some note, tc in {
		"apk": ["apk add --no-cache git openssl=3.3.2-r0", "apk packages without a pinned version: git."],
		"apk virtual": ["apk add --no-cache --virtual .build-deps gcc musl-dev", "apk packages without a pinned version: gcc, musl-dev."],
		"pip": ["pip install --no-cache-dir flask requests==2.32.3", "pip packages without a pinned version: flask."],
		"python -m pip": ["python3 -m pip install --user poetry", "pip packages without a pinned version: poetry."],
		"npm": ["npm install -g typescript @angular/cli@18.2.0 yarn@latest", "npm packages without a pinned version: typescript, yarn@latest."],
		"gem": ["gem install bundler", "gem packages without a pinned version: bundler."],
		"yum": ["yum install -y httpd-2.4.6 mod_ssl && yum clean all", "yum packages without a pinned version: mod_ssl."],
		"dnf": ["dnf -y install python3 && dnf clean all", "dnf packages without a pinned version: python3."],
		"zypper": ["zypper --non-interactive install curl=8.0.1 vim", "zypper packages without a pinned version: vim."],
		"go install": ["go install golang.org/x/tools/gopls@latest github.com/x/y/cmd/z", "Go tools without a pinned version: golang.org/x/tools/gopls@latest, github.com/x/y/cmd/z."],
		"heredoc": ["<<EOF\napt-get update\napt-get install -y jq\nEOF\n", "apt-get packages without a pinned version: jq."],
	}
	findings := dockerfile.warn with input as testing.one([testing.run(tc[0])])
	some f in lt.with_id(findings, "DKR-F06")
	f.msg == sprintf("RUN in stage 0 installs %s", [tc[1]])
}

test_f06_pinned_or_not_packages_pass[script] if {
	some script in [
		"apt-get install -y curl=7.88.1-10+deb12u8 ./local.deb",
		"apt-get install -y -t bookworm-backports git=1:2.45.2-1~bpo12+1",
		"apk add --no-cache git=2.45.2-r0 'curl>8'",
		"pip install --no-cache-dir -r requirements.txt",
		"pip install --no-cache-dir --requirement=requirements.txt",
		"pip install -c constraints.txt flask",
		"pip install . ./dist/app-1.0-py3-none-any.whl git+https://github.com/x/y.git@v1",
		"npm install",
		"npm ci --omit=dev",
		"npm install -g @angular/cli@18.2.0",
		"yarn install --frozen-lockfile",
		"gem install rails -v 7.2.1",
		"go install ./cmd/...",
		"go install golang.org/x/tools/gopls@v0.16.2",
		"apt-get install -y $PACKAGES 2>&1",
		"dnf install -y @development-tools",
		"echo apt-get install curl",
	]
	findings := dockerfile.warn with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F06")) == 0
}
