package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v3"
)

// starterRule is the rule init-policy writes: a container rule against the
// dockpol/v1 input, with METADATA, that a team edits into its own.
const starterRule = `# METADATA
# description: Team rules layered over dockpol's shipped policies.
# custom:
#   input: container
package team.container

import data.dockpol.lib

# METADATA
# title: Service without an owner label
# description: >-
#   Every service names the team that runs it in an "owner" label, so a
#   finding reaches someone.
# related_resources:
#   - https://docs.docker.com/reference/compose-file/services/#labels
# custom:
#   id: TEAM-001
#   severity: low
#   action: warn
#   kinds: [compose, container, request]
#   remediation: |-
#     labels:
#       owner: payments-team
warn contains finding if {
	not input.container.labels.owner
	finding := lib.finding(
		rego.metadata.rule(),
		sprintf("%s has no owner label.", [lib.subject]),
		["labels"],
	)
}
`

const starterTest = `package team.container_test

import data.team.container

base := {"name": "web", "labels": {}}

test_missing_owner_warns if {
	some f in container.warn with input as {"container": base, "document": {"kind": "compose"}}
	f.id == "TEAM-001"
}

test_owner_set_passes if {
	count(container.warn) == 0 with input as {
		"container": object.union(base, {"labels": {"owner": "payments-team"}}),
		"document": {"kind": "compose"},
	}
}
`

func initPolicyCommand() *cli.Command {
	return &cli.Command{
		Name:      "init-policy",
		Usage:     "write a starter team rule and its test into DIR",
		ArgsUsage: "DIR",
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() != 1 {
				return usageErr("init-policy takes one directory")
			}
			dir := cmd.Args().First()
			files := map[string]string{
				filepath.Join(dir, "team", "owner_label.rego"):      starterRule,
				filepath.Join(dir, "team", "owner_label_test.rego"): starterTest,
			}
			for p := range files {
				if _, err := os.Stat(p); err == nil {
					return usageErr("%s exists; not overwriting it", p)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return &exitCodeError{code: exitError, err: err}
				}
			}
			if err := os.MkdirAll(filepath.Join(dir, "team"), 0o755); err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			for _, p := range []string{filepath.Join(dir, "team", "owner_label.rego"), filepath.Join(dir, "team", "owner_label_test.rego")} {
				if err := os.WriteFile(p, []byte(files[p]), 0o644); err != nil {
					return &exitCodeError{code: exitError, err: err}
				}
				fmt.Fprintf(cmd.Root().Writer, "wrote %s\n", p)
			}
			fmt.Fprintf(cmd.Root().Writer, "next: dockpol verify --with-builtin %s && dockpol check --policy %s compose.yaml\n", dir, dir)
			return nil
		},
	}
}
