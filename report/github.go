package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dockpol/dockpol/engine"
)

// writeGitHub writes GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request's files:
//
//	::error file=compose.yaml,line=29,col=5,title=DKR-C01 Privileged container::service "worker" runs privileged: ...
//
// a deny is ::error, a warn ::warning, a waived or baselined finding
// ::notice (still visible, never blocking); input errors are ::error and
// input warnings ::warning. Files are named relative to the repository
// root, as annotations need. The summary line follows as plain log output.
// Values are escaped as the Actions toolkit escapes them (toCommandValue /
// escapeData / escapeProperty in @actions/core).
func writeGitHub(out io.Writer, r *Report, o Options) error {
	w := bufio.NewWriter(out)
	for _, f := range r.Findings {
		level := "error"
		msg := f.Message
		switch {
		case !f.Counts():
			level = "notice"
			msg = skipReason(f) + ": " + msg
		case f.Action == engine.ActionWarn || f.Action == engine.ActionAudit:
			level = "warning"
		case f.Action != engine.ActionDeny:
			level = "notice"
		}
		if f.Waiver != nil && f.Waiver.Expired {
			msg += fmt.Sprintf(" (exception expired %s, %s: %s)", f.Waiver.Expires, f.Waiver.Source, f.Waiver.Reason)
		}
		title := f.ID
		if f.Title != "" {
			title += " " + f.Title
		}
		if f.Container != "" {
			title += " [" + f.Container + "]"
		}
		writeCommand(w, level, githubProps(r, o, f.File, f.Line, f.Col, title), msg)
	}
	for _, e := range r.Errors {
		writeCommand(w, "error", githubProps(r, o, e.File, e.Line, e.Column, "dockpol: input error"), e.Message)
	}
	if !o.Quiet {
		for _, e := range r.Warnings {
			writeCommand(w, "warning", githubProps(r, o, e.File, e.Line, e.Column, "dockpol: input warning"), e.Message)
		}
		fmt.Fprintln(w, summaryLine(r.Summary))
	}
	return w.Flush()
}

// githubProps lists a command's properties in the order the Actions
// documentation shows them; a file that is not in the repository
// (standard input, a live engine) is named in the title instead.
func githubProps(r *Report, o Options, file string, line, col int, title string) [][2]string {
	var props [][2]string
	if isFile(r, file) {
		props = append(props, [2]string{"file", o.repoPath(file)})
		if line > 0 {
			props = append(props, [2]string{"line", strconv.Itoa(line)})
			if col > 0 {
				props = append(props, [2]string{"col", strconv.Itoa(col)})
			}
		}
	} else if file != "" {
		title += " (" + file + ")"
	}
	return append(props, [2]string{"title", title})
}

// writeCommand writes one workflow command: ::name key=value,...::message
func writeCommand(w io.Writer, name string, props [][2]string, msg string) {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p[0])
		b.WriteByte('=')
		b.WriteString(escapeProperty(p[1]))
	}
	b.WriteString("::")
	b.WriteString(escapeData(msg))
	fmt.Fprintln(w, b.String())
}

// escapeData escapes a command's message: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value: as data, and : and , which
// separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
