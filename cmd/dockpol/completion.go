package main

import (
	"context"
	"strings"

	"github.com/urfave/cli/v3"
)

// configureCompletion adjusts urfave/cli's built-in completion command of
// the app called name: listed in the help (it is hidden by default), and a
// missing or unknown shell is a usage error (exit 2) rather than a help
// page with exit 0. As the docker policy plugin there is no script to
// give: the scripts complete one command word, and docker's own
// completion owns `docker`.
func configureCompletion(c *cli.Command, name string) {
	var shells []string
	for _, sub := range c.Commands {
		shells = append(shells, sub.Name)
	}
	if name != "dockpol" {
		for _, sub := range c.Commands {
			sub.Action = func(context.Context, *cli.Command) error {
				return usageErr("completion: the scripts complete the dockpol command: run dockpol completion %s", sub.Name)
			}
		}
		return
	}
	c.Hidden = false
	c.Usage = "print a shell completion script: bash, zsh, fish or pwsh"
	c.ArgsUsage = "bash|zsh|fish|pwsh"
	c.Action = func(_ context.Context, cmd *cli.Command) error {
		if cmd.Args().Len() == 0 {
			return usageErr("completion: name a shell: %s", strings.Join(shells, ", "))
		}
		return usageErr("completion: unknown shell %q (want one of %s)", cmd.Args().First(), strings.Join(shells, ", "))
	}
}
