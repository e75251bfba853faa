package report

import (
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/dockpol/dockpol/engine"
)

// InformationURI is dockpol's home, named by SARIF's tool.driver.
const InformationURI = "https://github.com/dockpol/dockpol"

// FingerprintKey names dockpol's fingerprint among a SARIF result's
// partialFingerprints: engine.Finding.Fingerprint (rule, file, container
// and path, not the line), so code scanning keeps tracking an alert when
// lines move.
const FingerprintKey = "dockpolFingerprint/v1"

// SecuritySeverity maps a severity to the CVSS-like score that GitHub code
// scanning reads from a rule's properties.security-severity: above 9.0 is
// shown as critical, 7.0–8.9 high, 4.0–6.9 medium, below 4.0 low.
var SecuritySeverity = map[string]string{
	"critical": "9.5",
	"high":     "8.0",
	"medium":   "5.5",
	"low":      "3.0",
}

// sarifLevel maps an action to a SARIF level.
func sarifLevel(action string) string {
	switch action {
	case engine.ActionDeny:
		return "error"
	case engine.ActionWarn, engine.ActionAudit:
		return "warning"
	}
	return "note"
}

// writeSARIF writes a SARIF 2.1.0 log with one run, built with go-sarif:
// one rule descriptor per rule that gave a result, one result per finding
// (waived and baselined ones carry suppressions), and the run's
// invocation with its real exit code and the input errors and warnings as
// notifications. File URIs are relative to the repository root.
func writeSARIF(w io.Writer, r *Report, o Options) error {
	run := sarif.NewRunWithInformationURI("dockpol", InformationURI)
	version := o.Version
	if version == "" {
		version = "dev"
	}
	run.Tool.Driver.WithVersion(version)
	run.ColumnKind = ptr("unicodeCodePoints")

	for _, id := range resultRuleIDs(r.Findings) {
		run.Tool.Driver.AddRule(sarifRule(id, r))
	}
	for _, f := range r.Findings {
		run.AddResult(sarifResult(f, r, o, run.GetRuleIndex(f.ID)))
	}

	inv := sarif.NewInvocation().
		WithExitCode(o.ExitCode).
		WithExecutionSuccessful(o.ExitCode != 2).
		WithExitCodeDescription(exitCodeDescription(o.ExitCode))
	for _, e := range r.Errors {
		inv.AddToolExecutionNotification(sarifNotification("error", e.Message, e.File, e.Line, e.Column, r, o))
	}
	for _, e := range r.Warnings {
		inv.AddToolExecutionNotification(sarifNotification("warning", e.Message, e.File, e.Line, e.Column, r, o))
	}
	run.AddInvocation(inv)

	log := sarif.NewReport()
	log.AddRun(run)
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func exitCodeDescription(code int) string {
	switch code {
	case 0:
		return "no policy failures"
	case 1:
		return "policy failures"
	}
	return "input, usage or policy errors"
}

// resultRuleIDs lists the rule ids of the findings, sorted.
func resultRuleIDs(fs []engine.Finding) []string {
	seen := map[string]bool{}
	var ids []string
	for _, f := range fs {
		if !seen[f.ID] {
			seen[f.ID] = true
			ids = append(ids, f.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// sarifRule describes rule id from its METADATA, or from its first finding
// for a rule without one. Severity and action are the findings' (after the
// configuration's overrides), which every finding of a rule shares.
func sarifRule(id string, r *Report) *sarif.ReportingDescriptor {
	var first engine.Finding
	for _, f := range r.Findings {
		if f.ID == id {
			first = f
			break
		}
	}
	meta := r.Rules[id]
	if meta == nil {
		meta = &engine.Rule{ID: id, Title: first.Title, Remediation: first.Remediation, RelatedResources: first.RelatedResources}
	}
	title := or(meta.Title, id)
	desc := or(meta.Description, title)

	rule := sarif.NewRule(id).
		WithName(ruleName(title)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(desc)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(helpText(desc, meta))).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(first.Action)))
	if len(meta.RelatedResources) > 0 {
		rule.WithHelpURI(meta.RelatedResources[0])
	}
	props := sarif.NewPropertyBag()
	if s, ok := SecuritySeverity[first.Severity]; ok {
		props.Add("security-severity", s)
	}
	props.Add("severity", first.Severity)
	props.AddTag("security")
	props.AddTag("docker")
	if meta.Package != "" {
		props.AddTag(meta.Package[strings.LastIndex(meta.Package, ".")+1:])
	}
	if meta.CIS != "" {
		props.Add("cis", meta.CIS)
		props.AddTag("external/cis-docker-benchmark/" + meta.CIS)
	}
	rule.WithProperties(props)
	return rule
}

// helpText is a rule's description, remediation and references.
func helpText(desc string, meta *engine.Rule) string {
	var b strings.Builder
	b.WriteString(desc)
	if meta.Remediation != "" {
		b.WriteString("\n\nRemediation:\n")
		b.WriteString(meta.Remediation)
	}
	if len(meta.RelatedResources) > 0 {
		b.WriteString("\n\nReferences:")
		for _, u := range meta.RelatedResources {
			b.WriteString("\n- " + u)
		}
	}
	return b.String()
}

// ruleName turns a title into SARIF's identifier-like rule name:
// "Privileged container" -> "PrivilegedContainer".
func ruleName(title string) string {
	var b strings.Builder
	upper := true
	for _, c := range title {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if upper {
				c = unicode.ToUpper(c)
			}
			b.WriteRune(c)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}

func sarifResult(f engine.Finding, r *Report, o Options, ruleIndex int) *sarif.Result {
	res := sarif.NewRuleResult(f.ID).
		WithRuleIndex(ruleIndex).
		WithLevel(sarifLevel(f.Action)).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithPartialFingerprints(map[string]string{FingerprintKey: f.Fingerprint})
	res.AddLocation(sarifLocation(f.File, f.Line, f.Col, f.Container, r, o))
	props := sarif.NewPropertyBag().Add("severity", f.Severity)
	if f.Container != "" {
		props.Add("container", f.Container)
	}
	if f.Kind != "" {
		props.Add("kind", f.Kind)
	}
	if f.Path != "" {
		props.Add("path", f.Path)
	}
	switch {
	case f.Waiver != nil && f.Waiver.Expired:
		props.Add("waiverExpired", f.Waiver.Expires)
	case f.Waiver != nil:
		kind := "external"
		if f.Waiver.Inline {
			kind = "inSource"
		}
		res.AddSuppression(sarif.NewSuppression().WithKind(kind).WithStatus("accepted").
			WithJustification(f.Waiver.Reason + " (" + f.Waiver.Source + ")"))
	case f.Baselined:
		res.AddSuppression(sarif.NewSuppression().WithKind("external").WithStatus("accepted").
			WithJustification("in the baseline"))
	}
	res.WithProperties(props)
	return res
}

// sarifLocation is a file position (relative to the repository root), or
// for standard input and live engines, which are no file of the
// repository, a logical location only.
func sarifLocation(file string, line, col int, container string, r *Report, o Options) *sarif.Location {
	loc := sarif.NewLocation()
	if isFile(r, file) {
		phys := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(o.repoPath(file)))
		if line > 0 {
			region := sarif.NewRegion().WithStartLine(line)
			if col > 0 {
				region.WithStartColumn(col)
			}
			phys.WithRegion(region)
		}
		loc.WithPhysicalLocation(phys)
	}
	if container != "" {
		loc.AddLogicalLocation(sarif.NewLogicalLocation().WithName(container).WithKind("object").
			WithFullyQualifiedName(file + "/" + container))
	} else if !isFile(r, file) && file != "" {
		loc.AddLogicalLocation(sarif.NewLogicalLocation().WithName(file).WithKind("object"))
	}
	return loc
}

func sarifNotification(level, msg, file string, line, col int, r *Report, o Options) *sarif.Notification {
	n := sarif.NewNotification().WithLevel(level).WithMessage(sarif.NewTextMessage(msg))
	if file != "" {
		n.AddLocation(sarifLocation(file, line, col, "", r, o))
	}
	return n
}

func ptr[T any](v T) *T { return &v }
