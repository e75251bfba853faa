package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/config"
	"github.com/dockpol/dockpol/engine"
	dpinputs "github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/request"
)

// defaultGateConfig is read by the plugin when --config is not given and
// it exists.
const defaultGateConfig = "/etc/dockpol/config.yaml"

func authzPolicyFlags() []cli.Flag {
	var out []cli.Flag
	for _, f := range policyFlags() {
		switch f.Names()[0] {
		case "no-repo-config", "no-inline-waivers", "namespace", "all-namespaces":
			// a gate has no repository and never honours inline waivers
			continue
		case "config":
			out = append(out, &cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "configuration `FILE` (default: " + defaultGateConfig + " when it exists)"})
			continue
		}
		out = append(out, f)
	}
	out = append(out, authzCompatFlags()...) // authz_fleet.go
	return append(out,
		&cli.BoolFlag{Name: "audit", Usage: "dry run: allow every request and log the would-be denials"},
		&cli.BoolFlag{Name: "warnings", Usage: "also evaluate the rules that only warn at the gate and log their findings (each request waits for them)"},
		&cli.DurationFlag{Name: "timeout", Value: authz.DefaultTimeout, Usage: "deny a request whose decision takes longer than `DURATION`"},
		&cli.BoolFlag{Name: "cgroup-v2", Usage: "judge API < 1.41 creates as on a cgroup v2 host (default: detected from /sys/fs/cgroup)"},
	)
}

func authzCommand() *cli.Command {
	return &cli.Command{
		Name:  "authz",
		Usage: "the Docker authorization plugin: enforce the policies at the Engine API",
		Commands: []*cli.Command{
			{
				Name:      "serve",
				Usage:     "answer dockerd's authorization requests on a unix socket",
				UsageText: "dockpol authz serve [--socket PATH] [--policy DIR] [--config FILE] [--decision-log FILE] [--audit]",
				Flags: append(append(authzPolicyFlags(), authzFleetFlags()...),
					&cli.StringFlag{Name: "socket", Value: authz.DefaultSocket, Usage: "unix socket `PATH` dockerd connects to (plugin name = file name without .sock)"},
					&cli.StringFlag{Name: "decision-log", Usage: "append one JSON line per decision to `FILE` (- for standard output)"},
					&cli.StringFlag{Name: "metrics-addr", Usage: "serve /metrics and /health on this loopback `ADDRESS` (e.g. 127.0.0.1:9464)"},
					&cli.DurationFlag{Name: "watch-interval", Value: 500 * time.Millisecond, Usage: "reload this long after a policy or configuration file changes (0: only on SIGHUP)"},
					&cli.StringFlag{Name: "log-level", Value: "info", Usage: "operational log `LEVEL`: debug, info, warn, error"},
				),
				Action: runAuthzServe,
			},
			{
				Name:      "decide",
				Usage:     "judge one Engine API request as the plugin would, and print the decision",
				UsageText: "dockpol authz decide [--method POST] --path /v1.47/containers/create [--body FILE|-] [--user CN]\n   dockpol authz decide --request FILE   (an AuthZReq message as dockerd sends it)",
				Flags: append(authzPolicyFlags(),
					&cli.StringFlag{Name: "method", Value: "POST", Usage: "HTTP `METHOD` of the request"},
					&cli.StringFlag{Name: "path", Usage: "request `URI` as the client sent it, query included"},
					&cli.StringFlag{Name: "body", Usage: "JSON body `FILE` (- for standard input)"},
					&cli.StringFlag{Name: "user", Usage: "TLS client identity (certificate CN) of the caller"},
					&cli.StringFlag{Name: "request", Usage: "an AuthZReq protocol message `FILE` (- for standard input)"},
				),
				Action: runAuthzDecide,
			},
		},
	}
}

// gateConfig reads --config, or the system-wide configuration.
func gateConfig(cmd *cli.Command) (*config.Config, error) {
	if p := cmd.String("config"); p != "" {
		return config.Load(p)
	}
	if _, err := os.Stat(defaultGateConfig); err == nil {
		return config.Load(defaultGateConfig)
	}
	return config.Empty(), nil
}

// gateBuilder compiles the policies in gate mode.
func gateBuilder(cmd *cli.Command) authz.Builder {
	if cmd.String("input-compat") != "" {
		return compatBuilder(cmd) // authz_fleet.go
	}
	return func(ctx context.Context) (*authz.Policy, error) {
		cfg, err := gateConfig(cmd)
		if err != nil {
			return nil, fmt.Errorf("load configuration: %w", err)
		}
		eng, err := buildEngine(ctx, cmd, cfg, engine.ModeGate)
		if err != nil {
			return nil, err
		}
		return &authz.Policy{Engine: eng, Revision: eng.Revision()}, nil
	}
}

func requestOptions(cmd *cli.Command) request.Options {
	if cmd.IsSet("cgroup-v2") {
		return request.Options{Cgroup2: cmd.Bool("cgroup-v2")}
	}
	_, err := os.Stat("/sys/fs/cgroup/cgroup.controllers")
	return request.Options{Cgroup2: err == nil}
}

func runAuthzDecide(ctx context.Context, cmd *cli.Command) error {
	req, err := decideRequest(cmd)
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	p, err := gateBuilder(cmd)(ctx)
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	d := authz.NewDecider(cmd.Bool("audit"), cmd.Duration("timeout"), requestOptions(cmd))
	d.SetPolicy(p)
	dec, rec := d.Decide(ctx, req)
	out := struct {
		authz.Decision
		Record authz.Record `json:"Decision"`
	}{dec, rec}
	enc := json.NewEncoder(cmd.Root().Writer)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	switch {
	case rec.Failed && !rec.Audit:
		return &exitCodeError{code: exitError, err: errors.New(rec.Reason)}
	case !dec.Allow:
		return &exitCodeError{code: exitFindings}
	}
	return nil
}

func decideRequest(cmd *cli.Command) (request.Request, error) {
	// a protocol message is at most 8 MiB (authz's maxRequest); twice
	// that leaves room for a body given as a file
	const limit = 16 << 20
	read := func(name string) ([]byte, error) {
		if name == "-" {
			data, err := io.ReadAll(io.LimitReader(stdinOf(cmd), limit+1))
			if err == nil && len(data) > limit {
				err = fmt.Errorf("%w (limit %d bytes)", dpinputs.ErrTooLarge, limit)
			}
			if err != nil {
				return nil, fmt.Errorf("standard input: %w", err)
			}
			return data, nil
		}
		data, err := dpinputs.ReadFile(name, limit)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return data, nil
	}
	if f := cmd.String("request"); f != "" {
		if cmd.IsSet("path") || cmd.IsSet("body") {
			return request.Request{}, usageErr("--request is a whole AuthZReq message: leave out --path and --body")
		}
		data, err := read(f)
		if err != nil {
			return request.Request{}, err
		}
		req, err := authz.DecodeRequest(data)
		if err != nil {
			return request.Request{}, fmt.Errorf("%s: %w", f, err)
		}
		return req, nil
	}
	if cmd.String("path") == "" {
		return request.Request{}, usageErr("give --path (the request URI) or --request (an AuthZReq message)")
	}
	req := request.Request{
		RequestMethod:  strings.ToUpper(cmd.String("method")),
		RequestURI:     cmd.String("path"),
		User:           cmd.String("user"),
		RequestHeaders: map[string]string{},
	}
	if req.User != "" {
		req.UserAuthNMethod = "TLS"
	}
	if f := cmd.String("body"); f != "" {
		data, err := read(f)
		if err != nil {
			return request.Request{}, err
		}
		req.RequestBody = data
		req.RequestHeaders["Content-Type"] = "application/json"
	}
	return req, nil
}

func runAuthzServe(ctx context.Context, cmd *cli.Command) error {
	stderr := cmd.Root().ErrWriter
	var level slog.Level
	if err := level.UnmarshalText([]byte(cmd.String("log-level"))); err != nil {
		return usageErr("--log-level: %v", err)
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	if addr := cmd.String("metrics-addr"); addr != "" {
		if err := authz.CheckLoopback(addr); err != nil {
			return usageErr("--metrics-addr: %v", err)
		}
	}

	var dlog *authz.DecisionLog
	switch p := cmd.String("decision-log"); p {
	case "":
	case "-":
		dlog = authz.NewDecisionLog(cmd.Root().Writer, 0)
	default:
		var err error
		if dlog, err = authz.OpenDecisionLog(p, 0); err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("decision log: %w", err)}
		}
	}
	defer dlog.Close()
	metrics := authz.NewMetrics(dlog)
	decider := authz.NewDecider(cmd.Bool("audit"), cmd.Duration("timeout"), requestOptions(cmd))
	srv := authz.NewServer(decider,
		authz.WithBuilder(gateBuilder(cmd)),
		authz.WithDecisionLog(dlog),
		authz.WithMetrics(metrics),
		authz.WithLogger(logger),
	)
	// The first policy must compile: a plugin that starts without one
	// would refuse every request. In fleet mode (authz_fleet.go) it
	// arrives with the first bundle, and requests are refused until then.
	if cmd.String("opa-config") != "" {
		stopFleet, err := startFleet(ctx, cmd, srv, logger)
		if err != nil {
			return &exitCodeError{code: exitError, err: fmt.Errorf("fleet mode: %w", err)}
		}
		defer stopFleet()
	} else if err := srv.Reload(ctx); err != nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("load policies: %w", err)}
	}

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if addr := cmd.String("metrics-addr"); addr != "" {
		ms := &http.Server{Addr: addr, Handler: metrics.Handler(decider), ReadHeaderTimeout: 5 * time.Second}
		go func() {
			if err := ms.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				logger.Error("metrics listener stopped", "error", err)
			}
		}()
		defer ms.Close()
	}
	// SIGHUP is caught before the socket exists: whoever sees the socket
	// may signal a reload.
	reload := make(chan string, 1)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	l, err := authz.Listen(cmd.String("socket"))
	if err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	defer os.Remove(cmd.String("socket"))

	go func() {
		for range hup {
			if err := dlog.Reopen(); err != nil {
				logger.Error("reopen decision log", "error", err)
			}
			select {
			case reload <- "SIGHUP":
			default:
			}
		}
	}()
	if iv := cmd.Duration("watch-interval"); iv > 0 {
		stopWatch, err := watchPolicies(ctx, cmd, iv, reload, logger)
		if err != nil {
			logger.Warn("policy files are not watched; reload with SIGHUP", "error", err)
		} else {
			defer stopWatch()
		}
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case why := <-reload:
				logger.Info("reloading policies", "trigger", why)
				_ = srv.Reload(ctx) // a failure keeps the old policy and is logged
			}
		}
	}()
	logger.Info("serving", "socket", cmd.String("socket"), "audit", cmd.Bool("audit"), "revision", policyRevision(decider))
	return srv.Serve(ctx, l)
}

// watchPolicies triggers a reload after the policy paths or the
// configuration file change (debounced by interval).
func watchPolicies(ctx context.Context, cmd *cli.Command, interval time.Duration, reload chan<- string, logger *slog.Logger) (func(), error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	paths := append(append(cmd.StringSlice("policy"), cmd.StringSlice("bundle")...), cmd.StringSlice("data")...)
	cfgPath := cmd.String("config")
	if cfgPath == "" {
		if _, err := os.Stat(defaultGateConfig); err == nil {
			cfgPath = defaultGateConfig
		}
	}
	if cfgPath != "" {
		paths = append(paths, cfgPath)
		if cfg, err := config.Load(cfgPath); err == nil {
			for _, p := range cfg.Policies {
				if !filepath.IsAbs(p) {
					p = filepath.Join(cfg.Dir, p)
				}
				paths = append(paths, p)
			}
		}
	}
	// Watch directories, so that editors' rename-and-replace saves and
	// new files are seen; of a single file's directory only that file
	// counts.
	files := map[string]bool{}
	var dirs []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if st, err := os.Stat(abs); err == nil && st.IsDir() {
			dirs = append(dirs, abs)
		} else {
			files[abs] = true
		}
		if err := addTree(w, abs); err != nil {
			logger.Warn("cannot watch", "path", p, "error", err)
		}
	}
	relevant := func(name string) bool {
		if files[name] {
			return true
		}
		for _, d := range dirs {
			if name == d || strings.HasPrefix(name, d+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	go func() {
		var timer <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if !relevant(ev.Name) {
					continue
				}
				if ev.Op&fsnotify.Create != 0 {
					if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
						_ = addTree(w, ev.Name)
					}
				}
				timer = time.After(interval)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				logger.Warn("policy watch", "error", err)
			case <-timer:
				timer = nil
				select {
				case reload <- "file change":
				default:
				}
			}
		}
	}()
	return func() { w.Close() }, nil
}

func addTree(w *fsnotify.Watcher, root string) error {
	st, err := os.Stat(root)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return w.Add(filepath.Dir(root))
	}
	return filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			return w.Add(p)
		}
		return nil
	})
}
