package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/engine"
)

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules: id, severity, action, title",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"o"}, Value: "text", Usage: "text or json"},
		}, policyFlags()...),
		Action: func(ctx context.Context, cmd *cli.Command) error {
			eng, err := newEngine(ctx, cmd, engine.ModeCI)
			if err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			rules := eng.Rules()
			out := cmd.Root().Writer
			switch cmd.String("format") {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(rules)
			case "text":
				tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tACTION\tTITLE")
				for _, r := range rules {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.ActionFor(engine.ModeCI, r.Entrypoint), r.Title)
				}
				return tw.Flush()
			default:
				return usageErr("unknown --format %q (want text or json)", cmd.String("format"))
			}
		},
	}
}
