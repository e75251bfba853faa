package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/config"
	"github.com/dockpol/dockpol/engine"
)

// inputCompats are the other plugins' input shapes --input-compat
// accepts.
var inputCompats = map[string]string{
	authz.InputCompatOPADockerAuthz: "opa-docker-authz's input (Method, Path, Body, Headers, User, BindMounts, ...) and decision " + authz.CompatDecision,
}

func inputCompatNames() []string {
	names := make([]string, 0, len(inputCompats))
	for n := range inputCompats {
		names = append(names, n)
	}
	return names
}

// authzCompatFlags are the flags of serve and decide that choose another
// plugin's policy interface.
func authzCompatFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "input-compat", Usage: "judge with policies written for another plugin, `SHAPE`: " + strings.Join(inputCompatNames(), ", ") +
			" (its input and decision; --policy/--bundle hold those policies, the shipped rules are not used)"},
	}
}

// authzFleetFlags are serve's flags for fleet mode.
func authzFleetFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "opa-config", Usage: "fleet mode: take policy bundles and send decision logs as this OPA configuration `FILE` says " +
			"(services, bundles with polling and signing, keys, decision_logs, status; ${VAR} reads the environment); every request is denied until the bundles are active"},
	}
}

// compatBuilder compiles the --input-compat policies.
func compatBuilder(cmd *cli.Command) authz.Builder {
	return func(ctx context.Context) (*authz.Policy, error) {
		cfg, err := gateConfig(cmd)
		if err != nil {
			return nil, fmt.Errorf("load configuration: %w", err)
		}
		return compatPolicy(ctx, cmd, cfg)
	}
}

// compatPolicy compiles the team's policies (and extra, the fleet's
// bundles) for --input-compat. The shipped rules are not loaded: the
// decision is the other plugin's.
func compatPolicy(ctx context.Context, cmd *cli.Command, cfg *config.Config, extra ...engine.Source) (*authz.Policy, error) {
	shape := cmd.String("input-compat")
	if _, ok := inputCompats[shape]; !ok {
		return nil, fmt.Errorf("--input-compat %q: want one of %s", shape, strings.Join(inputCompatNames(), ", "))
	}
	for _, p := range cmd.StringSlice("policy") {
		if st, err := os.Stat(p); err == nil && !st.IsDir() && strings.HasSuffix(p, ".rego") {
			return nil, fmt.Errorf("--policy %s: name the directory that holds the .rego file", p)
		}
	}
	all, err := policySources(cmd, cfg, extra...)
	if err != nil {
		return nil, err
	}
	var opts []engine.Option
	for _, s := range all {
		if !s.Builtin {
			opts = append(opts, engine.WithSource(s))
		}
	}
	if len(opts) == 0 {
		return nil, fmt.Errorf("--input-compat %s needs its policies: --policy DIR, --bundle or --opa-config", shape)
	}
	c, err := engine.NewCompat(ctx, authz.CompatDecision, opts...)
	if err != nil {
		return nil, err
	}
	return &authz.Policy{Compat: c, Revision: c.Revision()}, nil
}

// fleetBuild compiles a policy from the fleet's active bundles: layered
// over the shipped rules and the local --policy/--bundle/--config as
// --bundle would be, or as --input-compat policies.
func fleetBuild(cmd *cli.Command) authz.FleetBuilder {
	return func(ctx context.Context, bundles engine.Source, _ string) (*authz.Policy, error) {
		cfg, err := gateConfig(cmd)
		if err != nil {
			return nil, fmt.Errorf("load configuration: %w", err)
		}
		if cmd.String("input-compat") != "" {
			return compatPolicy(ctx, cmd, cfg, bundles)
		}
		eng, err := buildEngine(ctx, cmd, cfg, engine.ModeGate, bundles)
		if err != nil {
			return nil, err
		}
		return &authz.Policy{Engine: eng, Revision: eng.Revision()}, nil
	}
}

// startFleet runs fleet mode for srv (--opa-config) and returns how to
// stop it. The server starts with no policy: it denies until OPA has
// activated every configured bundle.
func startFleet(ctx context.Context, cmd *cli.Command, srv *authz.Server, logger *slog.Logger) (func(), error) {
	path := cmd.String("opa-config")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read --opa-config: %w", err)
	}
	var regoV0 bool
	switch v := cmd.String("rego-version"); v {
	case "", "v1":
	case "v0":
		regoV0 = true
	default:
		return nil, usageErr("--rego-version %q: want v0 or v1", v)
	}
	var base *engine.Source
	if cmd.String("input-compat") == "" && !cmd.Bool("no-builtin") {
		b := builtinSource()
		base = &b
	}
	f, err := authz.NewFleet(authz.FleetOptions{
		Config: []byte(expandEnv(string(raw))),
		Base:   base,
		RegoV0: regoV0,
		Build:  fleetBuild(cmd),
		Logger: logger,
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	stop := func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		f.Stop(sctx)
	}
	if err := f.Start(ctx, srv); err != nil {
		stop()
		return nil, err
	}
	logger.Info("fleet mode: every request is denied until the bundles are active", "opa_config", path)
	return stop, nil
}

// envRef is OPA's ${VAR} configuration syntax.
var envRef = regexp.MustCompile(`\$\{([^}]+)\}`)

// expandEnv substitutes ${VAR} with the environment's value, as OPA does
// with its configuration file; an unset variable stays as written.
func expandEnv(s string) string {
	return envRef.ReplaceAllStringFunc(s, func(ref string) string {
		if v, ok := os.LookupEnv(ref[2 : len(ref)-1]); ok {
			return v
		}
		return ref
	})
}

// policyRevision names the active policy in logs, "none" before the
// first.
func policyRevision(d *authz.Decider) string {
	if p := d.Policy(); p != nil {
		return p.Revision
	}
	return "none"
}
