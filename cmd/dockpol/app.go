package main

import (
	"context"
	"io"
	"os"

	"github.com/sirupsen/logrus"
	"github.com/urfave/cli/v3"
)

// newApp builds the command tree. name is "dockpol", or "docker policy"
// when the binary runs as the Docker CLI plugin (plugin.go), so help and
// completion name the command the user typed.
func newApp(name string, stdin io.Reader, stdout, stderr io.Writer) *cli.Command {
	// compose-go logs through logrus's global logger, with absolute paths
	// and no file context; dockpol reports what matters itself.
	logrus.SetOutput(stderr)
	logrus.SetLevel(logrus.ErrorLevel)

	app := &cli.Command{
		Name:                      name,
		Usage:                     "policy checks for Docker: Compose files, containers, daemons",
		Version:                   currentBuild().Version,
		Reader:                    stdin,
		Writer:                    stdout,
		ErrWriter:                 stderr,
		DisableSliceFlagSeparator: true,
		HideHelpCommand:           true,
		// `dockpol completion bash|zsh|fish|pwsh` prints a script that
		// asks the binary itself (--generate-shell-completion) for
		// commands and flags; urfave/cli hides the command by default.
		EnableShellCompletion:           true,
		ConfigureShellCompletionCommand: func(c *cli.Command) { configureCompletion(c, name) },
		ExitErrHandler:                  func(context.Context, *cli.Command, error) {},
		OnUsageError: func(_ context.Context, _ *cli.Command, err error, _ bool) error {
			return &exitCodeError{code: exitError, err: err}
		},
		Commands: []*cli.Command{
			checkCommand(),
			parseCommand(),
			inspectCommand(),
			daemonCommand(),
			rulesCommand(),
			verifyCommand(),
			bundleCommand(),
			initPolicyCommand(),
			authzCommand(),
			versionCommand(),
		},
	}
	for _, c := range app.Commands {
		if c.OnUsageError == nil {
			c.OnUsageError = app.OnUsageError
		}
	}
	return app
}

// stdinOf returns the command's standard input.
func stdinOf(cmd *cli.Command) io.Reader {
	if r := cmd.Root().Reader; r != nil {
		return r
	}
	return os.Stdin
}
