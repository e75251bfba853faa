package runner_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/policies"
	"github.com/dockpol/dockpol/runner"
)

// kicsDir holds KICS's own test files for its Docker Compose queries
// (Apache-2.0, collected as data: see its INDEX.md), beside the checkout.
var kicsDir = filepath.Join("..", "..", "shared", "corpus", "peer-tests", "kics-compose")

// kicsQuery says how dockpol judges the files of one KICS query.
type kicsQuery struct {
	// rules are the dockpol rules that answer the query: every rule whose
	// anchors (policies/anchors.json) name the KICS id, plus any listed in
	// also. A positive file must get a finding of one of them, a negative
	// file none.
	rules []string
	// also names rules beyond the anchored ones, with the reason.
	also map[string]string
	// differs lists the files on which dockpol deliberately disagrees with
	// KICS (a positive it does not report, a negative it does), with the
	// reason. The test fails when a listed file stops being different.
	differs map[string]string
	// inputErrors lists the files dockpol cannot check (compose-go or the
	// adapter refuses them, as docker compose or the Engine would), with
	// the reason. The test fails when a listed file loads.
	inputErrors map[string]string
}

// Reasons shared by several files.
const (
	whyN02ContainerPort = "DKR-N02 judges the host port (CIS 5.8: host port < 1024); KICS also flags a container port below 1024, " +
		"which binds inside the container's own network namespace and exposes nothing privileged on the host"
	whyN02Ranges = "compose-go refuses a port mapping whose host and container ranges differ in length " +
		"(\"invalid ranges specified for container and host Ports\"), as docker compose does"
	whyN01Published = "`published: 127.0.0.1:8080` is not a port: docker compose sends it as the HostPort and the Engine refuses it " +
		"(\"invalid port specification\"); the address belongs in host_ip. dockpol reports an input error instead of guessing"
	whyC19ServicesImage = "compose-go refuses `services: {image: docker}` (services.image must be a mapping): the file is not a compose project"
	whyC19VarLib        = "KICS counts every path under /var/lib as an OS directory; DKR-C19's list (RULES.md) names /var/lib/docker, " +
		"not a service's own data directory such as /var/lib/backup/data"
)

// kicsQueries maps every KICS Docker Compose query folder to how dockpol
// judges its test files.
var kicsQueries = map[string]kicsQuery{
	"cgroup_not_default": {},
	"container_capabilities_unrestricted": {
		also: map[string]string{"DKR-C10": "cap_add ALL is a dangerous capability: DKR-C10 denies it and DKR-C09 leaves it to DKR-C10"},
	},
	"container_traffic_not_bound_to_host_interface": {
		inputErrors: map[string]string{
			"negative4.yaml": whyN01Published,
			"negative5.yaml": whyN01Published,
			"negative6.yaml": whyN01Published,
		},
	},
	"cpus_not_limited": {},
	"default_seccomp_profile_disabled": {
		differs: map[string]string{
			"positive1.yaml": "Docker reads `label:seccomp:unconfined` as the SELinux label option `seccomp:unconfined` " +
				"(key label), not as a seccomp option: the default seccomp profile stays on",
		},
	},
	"docker_socket_mounted_in_container": {},
	"healthcheck_not_set": {
		differs: map[string]string{
			"positive1.yaml": "RULES.md correction DKR-C25/C33: a service with build: takes its HEALTHCHECK from its Dockerfile; " +
				"KICS's test has no Dockerfile at lelele-apigateway/, so dockpol cannot tell and warns that it could not read it",
		},
	},
	"host_namespace_is_shared": {},
	"memory_not_limited":       {},
	"networks_not_set": {
		differs: map[string]string{
			"positive1.yaml": "RULES.md: KICS's \"networks not set\" assumes docker0, but Compose creates a project network; " +
				"DKR-N05 judges only network_mode: bridge",
			"positive2.yaml": "RULES.md: KICS's \"networks not set\" assumes docker0, but Compose creates a project network; " +
				"DKR-N05 judges only network_mode: bridge",
		},
	},
	"no_new_privileges_not_set":     {},
	"pids_limit_not_set":            {},
	"privileged_containers_enabled": {},
	"privileged_ports_mapped_in_container": {
		differs: map[string]string{
			"positive2.yaml":  whyN02ContainerPort, // 7000:80
			"positive4.yaml":  whyN02ContainerPort, // 70-8000: container ports, ephemeral host ports
			"positive5.yaml":  whyN02ContainerPort, // 80: ephemeral host port
			"positive8.yaml":  whyN02ContainerPort, // 49100:22
			"positive10.yaml": whyN02ContainerPort, // 127.0.0.1::50
			"positive11.yaml": whyN02ContainerPort, // 12400-12500:124
			"positive12.yaml": whyN02ContainerPort, // published 8080, target 80
		},
		inputErrors: map[string]string{
			"positive6.yaml": whyN02Ranges, // 90-9091:8080-8081
			"positive7.yaml": whyN02Ranges, // 9090-9091:80-8081
			"negative5.yaml": whyN02Ranges, // 9000-9091:8080-8081
		},
	},
	"restart_policy_on_failure_not_set_to_5": {
		differs: map[string]string{
			"positive2.yaml": "DKR-C32 follows CIS 5.15 (more than 5 retries fails); KICS wants exactly 5, so it flags on-failure:3, " +
				"which bounds the restarts more tightly",
			"positive3.yaml": "deploy.restart_policy overrides restart (RULES.md normalisation map, as docker compose applies it): " +
				"the container gets max_attempts 5, whatever restart: on-failure:10 says",
		},
	},
	"security_opt_not_set":              {},
	"shared_host_ipc_namespace":         {},
	"shared_host_network_namespace":     {},
	"shared_host_user_namespace":        {},
	"shared_volumes_between_containers": {},
	"volume_has_sensitive_host_directory": {
		differs: map[string]string{
			"positive1.yaml": whyC19VarLib, // bind /var/lib/backup/data
			"positive2.yaml": whyC19VarLib, // local volume bound to /var/lib/backup/data
		},
		inputErrors: map[string]string{
			"positive3.yaml": whyC19ServicesImage,
			"negative2.yaml": whyC19ServicesImage,
		},
	},
	"volume_mounted_in_multiple_containers": {
		differs: map[string]string{
			"positive3.yaml": "RULES.md DKR-C20: only shared/rshared propagation lets the container's mounts reach the host; " +
				"KICS also flags rslave, which carries host mounts into the container only",
			"positive4.yaml": "RULES.md DKR-C20: only shared/rshared propagation lets the container's mounts reach the host; " +
				"KICS also flags slave, which carries host mounts into the container only",
		},
	},
}

// TestKICSPeerTests runs the shipped rules over KICS's own positive and
// negative test files for its Docker Compose queries, each file on its
// own as `dockpol check FILE` would: the rules mapped to the query must
// report every positive file and no negative one, except the files listed
// (with their reason) as deliberate differences or input errors.
func TestKICSPeerTests(t *testing.T) {
	index := filepath.Join(kicsDir, "INDEX.tsv")
	if _, err := os.Stat(index); err != nil {
		t.Skipf("KICS peer tests not available at %s (%v): the shared corpus is checked out beside the repository", kicsDir, err)
	}
	rows := readKICSIndex(t, index)
	// compose-go warns through logrus's global logger (obsolete version
	// key, with absolute paths); the CLI keeps it to errors too
	logrus.SetLevel(logrus.ErrorLevel)
	eng, err := engine.New(context.Background(), engine.WithSource(engine.Source{Name: "builtin", FS: policies.FS}))
	if err != nil {
		t.Fatal(err)
	}
	byKICS := anchoredRules()

	seen := map[string]bool{}
	for _, row := range rows {
		seen[row.folder] = true
		q, ok := kicsQueries[row.folder]
		if !ok {
			t.Errorf("KICS query %s (%s) is not in kicsQueries: say which rules answer it", row.folder, row.id)
			continue
		}
		rules := append([]string(nil), byKICS[row.id]...)
		for id := range q.also {
			rules = append(rules, id)
		}
		if len(rules) == 0 {
			t.Errorf("%s: no rule's anchors name KICS %s", row.folder, row.id)
			continue
		}
		for _, name := range append(append([]string(nil), keys(q.differs)...), keys(q.inputErrors)...) {
			if !contains(row.positives, name) && !contains(row.negatives, name) {
				t.Errorf("%s: listed file %s is not in INDEX.tsv", row.folder, name)
			}
		}
		for _, file := range append(append([]string(nil), row.positives...), row.negatives...) {
			positive := contains(row.positives, file)
			t.Run(row.folder+"/"+file, func(t *testing.T) {
				t.Parallel()
				checkKICSFile(t, eng, filepath.Join(kicsDir, row.folder, "test", file), positive, rules, q, file)
			})
		}
	}
	for folder := range kicsQueries {
		if !seen[folder] {
			t.Errorf("kicsQueries lists %s, which INDEX.tsv does not", folder)
		}
	}
}

func checkKICSFile(t *testing.T, eng *engine.Engine, path string, positive bool, rules []string, q kicsQuery, file string) {
	r := &runner.Runner{Engine: eng, Compose: compose.Options{WorkDir: filepath.Dir(path)}, Workers: 1}
	targets, errs := runner.Discover([]string{path}, nil, nil, 0)
	rep := r.Run(context.Background(), targets, errs)

	if why, ok := q.inputErrors[file]; ok {
		if len(rep.Errors) == 0 {
			t.Errorf("listed as an input error (%s), but it loads: take it off the list", why)
		}
		return
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("input error: %s: %s", rep.Errors[0].File, rep.Errors[0].Message)
	}
	var got []string
	for _, f := range rep.Findings {
		if contains(rules, f.ID) {
			got = append(got, f.ID+" "+f.Message)
		}
	}
	fired := len(got) > 0
	why, differs := q.differs[file]
	switch {
	case differs && fired == positive:
		t.Errorf("listed as a deliberate difference (%s), but dockpol now agrees with KICS (%v): take it off the list", why, got)
	case !differs && positive && !fired:
		t.Errorf("KICS positive: want a finding of %v, got none", rules)
	case !differs && !positive && fired:
		t.Errorf("KICS negative: want no finding of %v, got %v", rules, got)
	}
}

type kicsRow struct {
	folder, id           string
	positives, negatives []string
}

// readKICSIndex reads INDEX.tsv: query_folder, kics_id_prefix,
// query_name, positive_files, negative_files (comma-separated paths
// relative to the corpus folder).
func readKICSIndex(t *testing.T, path string) []kicsRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []kicsRow
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first || len(cols) < 5 {
			continue
		}
		files := func(s string) []string {
			var out []string
			for _, p := range strings.Split(s, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, filepath.Base(p))
				}
			}
			return out
		}
		rows = append(rows, kicsRow{folder: cols[0], id: cols[1], positives: files(cols[3]), negatives: files(cols[4])})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 22 {
		t.Fatalf("INDEX.tsv lists %d queries, want KICS's 22 Docker Compose queries", len(rows))
	}
	return rows
}

// anchoredRules maps KICS id prefixes to the rules whose anchors name
// them.
func anchoredRules() map[string][]string {
	out := map[string][]string{}
	kics := regexp.MustCompile(`KICS ([0-9a-f]{8}(?:, [0-9a-f]{8})*)`)
	for id, a := range policies.Anchors() {
		for _, m := range kics.FindAllStringSubmatch(a, -1) {
			for _, k := range strings.Split(m[1], ", ") {
				out[k] = append(out[k], id)
			}
		}
	}
	for _, ids := range out {
		sort.Strings(ids)
	}
	return out
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
