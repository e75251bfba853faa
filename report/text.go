package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/dockpol/dockpol/engine"
)

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
)

// writeText prints findings grouped by file, each as
//
//	compose.yaml:12:5: DENY DKR-C01 (critical) service web: message
//
// then errors and warnings, then one summary line.
func writeText(out io.Writer, r *Report, opts Options) error {
	w := bufio.NewWriter(out)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	if r.Engine != nil {
		// a live audit says which engine it read before anything else
		fmt.Fprintln(w, paint(ansiBold, r.Engine.String()))
		if len(r.Findings) > 0 {
			fmt.Fprintln(w)
		}
	}
	file := ""
	for _, f := range r.Findings {
		if f.File != file {
			if file != "" {
				fmt.Fprintln(w)
			}
			file = f.File
			fmt.Fprintln(w, paint(ansiBold, file))
		}
		action := strings.ToUpper(f.Action)
		switch f.Action {
		case engine.ActionDeny:
			action = paint(ansiRed, action)
		case engine.ActionWarn, engine.ActionAudit:
			action = paint(ansiYellow, action)
		}
		loc := f.File
		if f.Line > 0 {
			loc = fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		subject := ""
		if f.Container != "" {
			subject = " [" + f.Container + "]"
		}
		note := ""
		switch {
		case f.Waiver != nil && f.Waiver.Expired:
			note = fmt.Sprintf(" (exception expired %s, %s: %s)", f.Waiver.Expires, f.Waiver.Source, f.Waiver.Reason)
		case f.Waiver != nil:
			action = paint(ansiDim, "WAIVED")
			note = fmt.Sprintf(" (%s: %s)", f.Waiver.Source, f.Waiver.Reason)
		case f.Baselined:
			action = paint(ansiDim, "BASELINE")
		}
		fmt.Fprintf(w, "  %s %s %s (%s)%s %s%s\n", paint(ansiDim, loc+":"), action, f.ID, f.Severity, subject, f.Message, note)
	}
	writeTrailer(w, r, opts, paint)
	return w.Flush()
}

// writeTrailer writes what follows the findings in the text and table
// reports: errors, then (unless quiet) warnings and the summary line.
func writeTrailer(w io.Writer, r *Report, opts Options, paint func(code, s string) string) {
	if len(r.Findings) > 0 && (len(r.Errors) > 0 || len(r.Warnings) > 0) {
		fmt.Fprintln(w)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "%s: %s %s\n", position(e.File, e.Line, e.Column), paint(ansiRed, "error:"), e.Message)
	}
	if !opts.Quiet {
		for _, e := range r.Warnings {
			fmt.Fprintf(w, "%s: %s %s\n", position(e.File, e.Line, e.Column), paint(ansiYellow, "warning:"), e.Message)
		}
		if len(r.Findings) > 0 || len(r.Errors) > 0 || len(r.Warnings) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, summaryLine(r.Summary))
	}
}

func position(file string, line, col int) string {
	switch {
	case line == 0:
		return file
	case col == 0:
		return fmt.Sprintf("%s:%d", file, line)
	default:
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// summaryLine reads like "3 files, 12 containers: 2 denied, 5 warnings
// (critical 1, high 1, medium 3, low 2), 1 error".
func summaryLine(s Summary) string {
	var sev []string
	for _, k := range []string{"critical", "high", "medium", "low"} {
		if n := s.BySeverity[k]; n > 0 {
			sev = append(sev, fmt.Sprintf("%s %d", k, n))
		}
	}
	line := fmt.Sprintf("%s, %s: %d denied, %s", plural(s.Files, "file"), plural(s.Containers, "container"), s.Deny, plural(s.Warn, "warning"))
	if len(sev) > 0 {
		line += " (" + strings.Join(sev, ", ") + ")"
	}
	if s.Waived > 0 {
		line += fmt.Sprintf(", %d waived", s.Waived)
	}
	if s.Baselined > 0 {
		line += fmt.Sprintf(", %d in baseline", s.Baselined)
	}
	if s.Errors > 0 {
		line += ", " + plural(s.Errors, "error")
	}
	return line
}
