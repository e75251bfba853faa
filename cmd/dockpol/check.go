package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/urfave/cli/v3"
	"golang.org/x/term"

	"github.com/dockpol/dockpol/baseline"
	"github.com/dockpol/dockpol/bundles"
	"github.com/dockpol/dockpol/config"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/policies"
	"github.com/dockpol/dockpol/report"
	"github.com/dockpol/dockpol/runner"
)

// Values of --fail-on.
var failOnValues = []string{"deny", "warn", "never"}

// composeFlags are the flags that shape how compose files load.
func composeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "file", Aliases: []string{"f"}, Usage: "compose `FILE` of one project; repeat to merge files in order, as docker compose -f does"},
		&cli.StringSliceFlag{Name: "profile", Usage: "check only services of this `PROFILE` (default: every service, whatever its profile)"},
		&cli.StringSliceFlag{Name: "env", Aliases: []string{"e"}, Usage: "interpolation variable `KEY=VALUE` (a bare KEY takes the value from the environment)"},
		&cli.StringSliceFlag{Name: "env-file", Usage: "interpolation variables from `FILE`, instead of the project's .env"},
		&cli.BoolFlag{Name: "os-env", Usage: "let interpolation read the whole process environment (off: CI secrets stay out)"},
		&cli.BoolFlag{Name: "strict-env", Usage: "an unset interpolation variable is an error, not a warning"},
		maxFileSizeFlag(),
		rootFlag(),
	}
}

// policyFlags choose the policies and configuration.
func policyFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "policy", Aliases: []string{"p"}, Usage: "extra Rego policy `DIR` (or bundle), layered over the shipped rules"},
		&cli.StringSliceFlag{Name: "bundle", Aliases: []string{"b"}, Usage: "OPA bundle `PATH` (.tar.gz or directory) layered over the shipped rules"},
		&cli.StringFlag{Name: "verification-key", Usage: "verify --bundle signatures with this public key (or HMAC secret) `FILE`"},
		&cli.StringFlag{Name: "verification-key-id", Value: "default", Usage: "key `ID` the bundle signatures name"},
		&cli.StringFlag{Name: "signing-alg", Value: "RS256", Usage: "signature `ALGORITHM` of the bundles (RS256, ES256, HS256, ...)"},
		&cli.BoolFlag{Name: "no-builtin", Usage: "do not load the shipped rules (only --policy and --bundle)"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "configuration `FILE` (default: .dockpol.yaml in the working directory or a parent)"},
		&cli.BoolFlag{Name: "no-repo-config", Usage: "ignore the .dockpol.yaml of the checked repository (for pull requests from forks)"},
		&cli.BoolFlag{Name: "no-inline-waivers", Usage: "ignore waivers written in the checked files (x-dockpol, dockpol.ignore labels)"},
		&cli.StringSliceFlag{Name: "namespace", Aliases: []string{"n"}, Usage: "conftest-style policy package `GLOB` to query with the file as conftest parses it (default main)"},
		&cli.BoolFlag{Name: "all-namespaces", Usage: "query every team package without a dockpol input declaration conftest-style"},
		&cli.StringSliceFlag{Name: "data", Aliases: []string{"d"}, Usage: "JSON or YAML data `FILE` or directory, merged into data (conftest's --data)"},
		&cli.StringFlag{Name: "rego-version", Value: "v1", Usage: "Rego `VERSION` of --policy directories: v1, or v0 for older policies"},
	}
}

func checkCommand() *cli.Command {
	flags := reportFlags()
	flags = append(flags,
		kindFlag(),
		&cli.StringFlag{Name: "baseline", Usage: "fail only on findings not in this baseline `FILE`"},
		&cli.StringFlag{Name: "write-baseline", Usage: "write the findings of this run to a baseline `FILE`"},
		timeoutFlag(),
	)
	flags = append(flags, composeFlags()...)
	flags = append(flags, policyFlags()...)
	return &cli.Command{
		Name:      "check",
		Usage:     "check compose files, Dockerfiles, daemon.json and saved docker info/inspect output against the policies",
		ArgsUsage: "[FILE|DIR|-]...",
		Description: "Each FILE is its own input: a compose project (with the compose.override.yaml docker compose would merge beside it),\n" +
			"a Dockerfile, a daemon.json, saved docker info or docker inspect JSON, told apart by name or content (or --kind);\n" +
			"a DIR is searched for compose files, Dockerfiles and daemon.json; - reads standard input (docker compose config | dockpol check -).\n" +
			"Exit status: 0 nothing denied, 1 a deny (or a warn with --fail-on warn), 2 an input, usage or policy error.",
		Flags:  flags,
		Action: runCheck,
	}
}

func runCheck(ctx context.Context, cmd *cli.Command) error {
	outs, err := openOutputs(cmd)
	if err != nil {
		return err
	}
	defer outs.close()
	paths := cmd.Args().Slice()
	group := cmd.StringSlice("file")
	if len(paths) == 0 && len(group) == 0 {
		return usageErr("no input: name compose files, Dockerfiles, daemon.json, directories or - (see dockpol check --help)")
	}

	kind, err := kindOf(cmd)
	if err != nil {
		return err
	}
	opts, err := composeOptions(cmd)
	if err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx, cmd)
	defer cancel()

	targets, discoveryErrs := runner.DiscoverWith(paths, group, stdinOf(cmd), runner.DiscoverOptions{MaxSize: opts.MaxFileSize, Kind: kind, Root: opts.Root})
	// the engine compiles only the shipped rules for the kinds found
	eng, err := newEngine(ctx, cmd, engine.ModeCI, engine.WithKinds(runner.DocumentKinds(targets)...))
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	r := &runner.Runner{Engine: eng, Compose: opts, Workers: int(cmd.Int("workers"))}
	var base *baseline.File
	if p := cmd.String("baseline"); p != "" {
		if base, err = baseline.Read(p); err != nil {
			return &exitCodeError{code: exitError, err: err}
		}
	}
	rep := r.Run(ctx, targets, discoveryErrs)
	if base != nil {
		base.Apply(rep.Findings)
		rep.Recount()
	}
	if p := cmd.String("write-baseline"); p != "" {
		if err := writeBaseline(p, baseline.FromFindings(rep.Findings)); err != nil {
			return &exitCodeError{code: exitError, err: err}
		}
	}
	return outs.write(cmd, rep)
}

// kindFlag is --kind, shared by check and parse.
func kindFlag() cli.Flag {
	return &cli.StringFlag{Name: "kind", Usage: "read every named FILE (and -) as this `KIND` of input: " + strings.Join(runner.Kinds, ", ") + " (default: told by file name, else content)"}
}

// kindOf returns --kind, checked.
func kindOf(cmd *cli.Command) (string, error) {
	k := cmd.String("kind")
	if k != "" && !runner.ValidKind(k) {
		return "", usageErr("unknown --kind %q (want one of %s)", k, strings.Join(runner.Kinds, ", "))
	}
	return k, nil
}

func writeBaseline(path string, b *baseline.File) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	if err := b.Write(f); err != nil {
		f.Close()
		return fmt.Errorf("write baseline: %w", err)
	}
	return f.Close()
}

// exitFor maps a report to the exit code: errors (2) win over findings (1).
func exitFor(rep *report.Report, failOn string) error {
	switch {
	case len(rep.Errors) > 0:
		return &exitCodeError{code: exitError}
	case failOn == "never":
		return nil
	case rep.Summary.Deny > 0, failOn == "warn" && rep.Summary.Warn > 0:
		return &exitCodeError{code: exitFindings}
	}
	return nil
}

// composeOptions returns how compose files load, and the size cap every
// input shares.
func composeOptions(cmd *cli.Command) (compose.Options, error) {
	limit, err := maxFileSize(cmd)
	if err != nil {
		return compose.Options{}, err
	}
	return compose.Options{
		Profiles:    cmd.StringSlice("profile"),
		EnvFiles:    cmd.StringSlice("env-file"),
		Env:         cmd.StringSlice("env"),
		OSEnv:       cmd.Bool("os-env"),
		StrictEnv:   cmd.Bool("strict-env"),
		MaxFileSize: limit,
		Root:        cmd.String("root"),
	}, nil
}

// loadConfig reads --config, or the repository's .dockpol.yaml unless
// --no-repo-config.
func loadConfig(cmd *cli.Command) (*config.Config, error) {
	if p := cmd.String("config"); p != "" {
		return config.Load(p)
	}
	if cmd.Bool("no-repo-config") {
		return config.Empty(), nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	return config.Find(wd)
}

// builtinSource is the shipped bundle.
func builtinSource() engine.Source {
	return engine.Source{Name: "builtin", FS: policies.FS, Roots: policies.Roots(), Builtin: true}
}

// policySources returns the shipped bundle (unless --no-builtin) and the
// team policies: --policy directories, --bundle archives and the
// configuration's policies, in that order, then extra (a fleet's bundles).
func policySources(cmd *cli.Command, cfg *config.Config, extra ...engine.Source) ([]engine.Source, error) {
	var sources []engine.Source
	if !cmd.Bool("no-builtin") {
		sources = append(sources, builtinSource())
	}
	verify := bundles.VerifyOptions{
		KeyFile:   cmd.String("verification-key"),
		KeyID:     cmd.String("verification-key-id"),
		Algorithm: cmd.String("signing-alg"),
	}
	regoV0 := false
	switch cmd.String("rego-version") {
	case "v1", "":
	case "v0":
		regoV0 = true
	default:
		return nil, fmt.Errorf("--rego-version %q: want v0 or v1", cmd.String("rego-version"))
	}
	if files := cmd.StringSlice("data"); len(files) > 0 {
		data, err := bundles.LoadData(files)
		if err != nil {
			return nil, err
		}
		sources = append(sources, engine.Source{Name: "--data", Modules: map[string]*ast.Module{}, Data: data})
	}
	var paths []string
	paths = append(paths, cmd.StringSlice("policy")...)
	paths = append(paths, cmd.StringSlice("bundle")...)
	for _, p := range cfg.Policies {
		if !filepath.IsAbs(p) && cfg.Dir != "" {
			p = filepath.Join(cfg.Dir, p)
		}
		paths = append(paths, p)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("policy %s: no such file or directory", p)
		}
		if !st.IsDir() || bundles.IsBundlePath(p) || verify.KeyFile != "" && contains(cmd.StringSlice("bundle"), p) {
			b, err := bundles.Load(p, verify)
			if err != nil {
				return nil, err
			}
			sources = append(sources, engine.Source{Name: p, Modules: b.Modules, Data: b.Data, Roots: b.Roots})
			continue
		}
		src := engine.DirSource(p)
		src.RegoV0 = regoV0
		sources = append(sources, src)
	}
	sources = append(sources, extra...)
	if len(sources) == 0 {
		return nil, errors.New("no policies: --no-builtin needs --policy or --bundle")
	}
	return sources, nil
}

// overridesFrom turns the configuration into engine overrides.
func overridesFrom(cfg *config.Config, inlineWaivers bool) engine.Overrides {
	o := engine.Overrides{
		Disable:       cfg.Disable,
		Severity:      cfg.Severity,
		Action:        map[string]map[string]string{},
		InlineWaivers: inlineWaivers,
	}
	for id, a := range cfg.Action {
		m := map[string]string{}
		if a.All != "" {
			m[""] = a.All
		}
		for mode, act := range a.PerMode {
			m[mode] = act
		}
		o.Action[id] = m
	}
	for _, e := range cfg.Exceptions {
		src := cfg.Path
		if e.Line > 0 {
			src = fmt.Sprintf("%s:%d", cfg.Path, e.Line)
		}
		o.Exceptions = append(o.Exceptions, engine.Exception{
			Rule: e.Rule, Containers: e.Containers, Files: e.Files, Images: e.Images, Users: e.Users,
			Reason: e.Reason, Expires: e.Expires, Source: src,
		})
	}
	return o
}

// newEngine compiles the policies with the configuration's data and
// overrides for mode, and more options (engine.WithKinds).
func newEngine(ctx context.Context, cmd *cli.Command, mode string, more ...engine.Option) (*engine.Engine, error) {
	cfg, err := loadConfig(cmd)
	if err != nil {
		return nil, fmt.Errorf("load configuration: %w", err)
	}
	eng, err := buildEngineWith(ctx, cmd, cfg, mode, more)
	if err != nil && ctx.Err() != nil {
		// a --timeout that ends before the policies compile says so
		return nil, fmt.Errorf("compile policies: %w", context.Cause(ctx))
	}
	return eng, err
}

// buildEngine compiles the policies the command's flags and cfg name,
// and extra sources layered over them. The gate judges requests only, so
// its engine compiles only the shipped rules for them, and, unless
// --warnings asks for them, evaluates only the rules that can deny or
// audit there: a request waits for its answer.
func buildEngine(ctx context.Context, cmd *cli.Command, cfg *config.Config, mode string, extra ...engine.Source) (*engine.Engine, error) {
	var more []engine.Option
	if mode == engine.ModeGate {
		more = append(more, engine.WithKinds(inputs.KindRequest))
		if !hasFlag(cmd, "warnings") || !cmd.Bool("warnings") {
			more = append(more, engine.WithDecidingRulesOnly())
		}
	}
	return buildEngineWith(ctx, cmd, cfg, mode, more, extra...)
}

// buildEngineWith is buildEngine with more engine options.
func buildEngineWith(ctx context.Context, cmd *cli.Command, cfg *config.Config, mode string, more []engine.Option, extra ...engine.Source) (*engine.Engine, error) {
	sources, err := policySources(cmd, cfg, extra...)
	if err != nil {
		return nil, err
	}
	opts := []engine.Option{
		engine.WithMode(mode),
		engine.WithConfigData(cfg.Data),
		engine.WithOverrides(overridesFrom(cfg, !cmd.Bool("no-inline-waivers"))),
	}
	opts = append(opts, more...)
	for _, s := range sources {
		opts = append(opts, engine.WithSource(s))
	}
	if cmd.Root() != nil && hasFlag(cmd, "namespace") {
		opts = append(opts, engine.WithConftest(engine.ConftestOptions{
			Namespaces:    cmd.StringSlice("namespace"),
			Explicit:      len(cmd.StringSlice("namespace")) > 0,
			AllNamespaces: cmd.Bool("all-namespaces"),
		}))
	}
	eng, err := engine.New(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if err := cfg.KnownRules(func(id string) bool { return eng.KnownRule(id) || strings.ContainsAny(id, "*?[") }); err != nil {
		return nil, err
	}
	return eng, nil
}

// hasFlag reports whether cmd defines the flag name.
func hasFlag(cmd *cli.Command, name string) bool {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

func usageErr(format string, args ...any) error {
	return &exitCodeError{code: exitError, err: fmt.Errorf(format, args...)}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// useColor: only on a terminal, and never with NO_COLOR set or --no-color.
func useColor(w io.Writer, disabled bool) bool {
	if disabled || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
