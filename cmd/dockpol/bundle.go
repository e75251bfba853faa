package main

import (
	"context"
	"fmt"
	"os"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/bundles"
)

func bundleCommand() *cli.Command {
	return &cli.Command{
		Name:  "bundle",
		Usage: "work with OPA bundles of team policies",
		Commands: []*cli.Command{{
			Name:      "build",
			Usage:     "build an OPA bundle (.tar.gz) from a policy directory, optionally signed",
			ArgsUsage: "DIR",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "bundle.tar.gz", Usage: "write the bundle to `FILE`"},
				&cli.StringFlag{Name: "signing-key", Usage: "sign with this private key (or HMAC secret) `FILE`"},
				&cli.StringFlag{Name: "signing-alg", Value: "RS256", Usage: "signature `ALGORITHM` (RS256, ES256, HS256, ...)"},
				&cli.StringFlag{Name: "key-id", Value: "default", Usage: "key `ID` written into the signature"},
				&cli.StringFlag{Name: "revision", Usage: "bundle revision written into the manifest"},
			},
			Action: runBundleBuild,
		}},
	}
}

func runBundleBuild(_ context.Context, cmd *cli.Command) error {
	if cmd.Args().Len() != 1 {
		return usageErr("bundle build takes one policy directory")
	}
	dir := cmd.Args().First()
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageErr("%s: not a directory", dir)
	}
	// Build the whole archive before creating the file, so a failed build
	// leaves no truncated bundle behind.
	tmp, err := os.CreateTemp(".", ".dockpol-bundle-*")
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	defer os.Remove(tmp.Name())
	err = bundles.Build(dir, tmp, bundles.BuildOptions{
		SigningKey: cmd.String("signing-key"),
		Algorithm:  cmd.String("signing-alg"),
		KeyID:      cmd.String("key-id"),
		Revision:   cmd.String("revision"),
	})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	out := cmd.String("output")
	if err := os.Rename(tmp.Name(), out); err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	fmt.Fprintf(cmd.Root().Writer, "wrote %s\n", out)
	return nil
}
