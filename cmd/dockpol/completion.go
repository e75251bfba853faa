package main

import (
	"context"
	"strings"

	"github.com/urfave/cli/v3"
)

// configureCompletion adjusts urfave/cli's built-in completion command:
// listed in the help (it is hidden by default), and a missing or unknown
// shell is a usage error (exit 2) rather than a help page with exit 0.
func configureCompletion(c *cli.Command) {
	c.Hidden = false
	c.Usage = "print a shell completion script: bash, zsh, fish or pwsh"
	c.ArgsUsage = "bash|zsh|fish|pwsh"
	var shells []string
	for _, sub := range c.Commands {
		shells = append(shells, sub.Name)
	}
	c.Action = func(_ context.Context, cmd *cli.Command) error {
		if cmd.Args().Len() == 0 {
			return usageErr("completion: name a shell: %s", strings.Join(shells, ", "))
		}
		return usageErr("completion: unknown shell %q (want one of %s)", cmd.Args().First(), strings.Join(shells, ", "))
	}
}
