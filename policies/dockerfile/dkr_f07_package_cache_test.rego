package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f07_apt_lists_left_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8")])
	lt.with_id(findings, "DKR-F07") == {{
		"id": "DKR-F07",
		"msg": "RUN in stage 0 installs with apt-get but leaves its package cache in the image: remove /var/lib/apt/lists/* in the same RUN.",
		"path": testing.path(0, 0),
	}}
}

test_f07_managers_warned[note] if {
	some note, tc in {
		"apk": ["apk add git=2.45.2-r0", "apk"],
		"dnf": ["dnf install -y httpd-2.4.62", "dnf"],
		"yum": ["yum -y update", "yum"],
		"zypper": ["zypper -n in curl=8.0.1", "zypper"],
		"pip": ["pip install -r requirements.txt", "pip"],
		"python -m pip": ["python -m pip install -r requirements.txt", "pip"],
		"yarn": ["yarn install --frozen-lockfile", "yarn"],
	}
	findings := dockerfile.warn with input as testing.one([testing.run(tc[0])])
	some f in lt.with_id(findings, "DKR-F07")
	startswith(f.msg, sprintf("RUN in stage 0 installs with %s ", [tc[1]]))
}

test_f07_cleaned_passes[note] if {
	some note, x in {
		"apt rm lists": testing.run("apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"),
		"apt dist-clean": testing.run("apt-get update; apt-get install -y curl; apt-get dist-clean"),
		"apt cache mount": testing.run_mounts("apt-get update && apt-get install -y curl", [testing.cache_mount("/var/lib/apt/lists")]),
		"apk no-cache": testing.run("apk add --no-cache git"),
		"dnf clean": testing.run("dnf install -y httpd && dnf clean all"),
		"microdnf clean": testing.run("microdnf install -y tar && microdnf clean all"),
		"zypper clean": testing.run("zypper -n in curl && zypper clean -a"),
		"pip no-cache-dir": testing.run("pip install --no-cache-dir -r requirements.txt"),
		"pip cache mount": testing.run_mounts("pip install -r requirements.txt", [testing.cache_mount("/root/.cache/pip")]),
		"yarn cache clean": testing.run("yarn install --frozen-lockfile && yarn cache clean"),
		"no install": testing.run("apt-get purge -y curl"),
	}
	findings := dockerfile.warn with input as testing.one([x])
	count(lt.with_id(findings, "DKR-F07")) == 0
}

test_f07_pip_no_cache_dir_env_passes if {
	findings := dockerfile.warn with input as testing.one([
		testing.var("ENV", "PIP_NO_CACHE_DIR", "1", false),
		testing.run("pip install -r requirements.txt"),
	])
	count(lt.with_id(findings, "DKR-F07")) == 0
}

test_f07_builder_stage_not_judged if {
	build := testing.stage("build", [testing.run("apt-get update && apt-get install -y build-essential")])
	final := testing.stage(null, [testing.copy("COPY", ["/out/app"], "/app")])
	findings := dockerfile.warn with input as testing.doc([build, final])
	count(lt.with_id(findings, "DKR-F07")) == 0
}

test_f07_stage_the_final_is_built_from_judged if {
	base := testing.stage("base", [testing.run("apt-get update && apt-get install -y curl")])
	final := object.union(testing.stage(null, []), {"base": {"stage": true, "stage_index": 0, "ref": "base"}})
	findings := dockerfile.warn with input as testing.doc([base, final])
	some f in lt.with_id(findings, "DKR-F07")
	f.path == testing.path(0, 0)
	contains(f.msg, `stage "base"`)
}
