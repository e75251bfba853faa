package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// writeTable writes the findings as aligned columns, for reading in a
// terminal or pasting into a ticket:
//
//	SEVERITY  ACTION  RULE     LOCATION                  CONTAINER  MESSAGE
//	critical  DENY    DKR-C01  examples/compose.yaml:29  worker     service "worker" runs privileged: ...
//
// then errors, warnings and the summary line as in the text report. It
// uses the standard library's text/tabwriter: the columns are plain text,
// so a table library's borders and wrapping would add nothing.
func writeTable(out io.Writer, r *Report, o Options) error {
	w := bufio.NewWriter(out)
	if r.Engine != nil {
		fmt.Fprintln(w, r.Engine.String())
		fmt.Fprintln(w)
	}
	if len(r.Findings) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SEVERITY\tACTION\tRULE\tLOCATION\tCONTAINER\tMESSAGE")
		for _, f := range r.Findings {
			action := strings.ToUpper(f.Action)
			switch {
			case f.Waiver != nil && !f.Waiver.Expired:
				action = "WAIVED"
			case f.Baselined:
				action = "BASELINE"
			}
			container := f.Container
			if container == "" {
				container = "-"
			}
			msg := f.Message
			if note := skipReason(f); note != "" {
				msg += " (" + note + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(f.Severity), action, cell(f.ID),
				cell(position(f.File, f.Line, 0)), cell(container), oneLine(msg))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	writeTrailer(w, r, o, func(_, s string) string { return s })
	return w.Flush()
}

// cell keeps a value in its column: no tabs or line breaks.
func cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// oneLine joins a multi-line text into one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
