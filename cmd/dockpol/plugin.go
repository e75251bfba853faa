package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dockpol/dockpol/internal/live"
)

// dockpol is also a Docker CLI plugin: installed as
// ~/.docker/cli-plugins/docker-policy it is `docker policy check ...`.
// The docker CLI (cli-plugins/manager PluginRunCommand) runs the plugin
// with its own arguments unchanged: the CLI's global options, the
// plugin's name, then the command's arguments, so
//
//	docker --context prod policy inspect --live
//
// runs `docker-policy --context prod policy inspect --live`. Plugins
// parse the global options themselves (cli-plugins/plugin RunPlugin);
// nothing is passed in the environment but what the user set and
// DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND. Before running a plugin the
// CLI asks it for its metadata: `docker-policy docker-cli-plugin-metadata`.
const (
	pluginBinary      = "docker-policy"              // the plugin's file name
	pluginName        = "policy"                     // the docker subcommand
	pluginMetadataCmd = "docker-cli-plugin-metadata" // cli-plugins/metadata.MetadataSubcommandName
	pluginDisplayName = "docker " + pluginName       // how help and errors name the command
)

// pluginMetadata is the answer to docker-cli-plugin-metadata
// (cli-plugins/metadata.Metadata).
type pluginMetadata struct {
	SchemaVersion    string `json:",omitempty"`
	Vendor           string `json:",omitempty"`
	Version          string `json:",omitempty"`
	ShortDescription string `json:",omitempty"`
	URL              string `json:",omitempty"`
}

func newPluginMetadata() pluginMetadata {
	return pluginMetadata{
		SchemaVersion:    "0.1.0", // the only version the CLI accepts
		Vendor:           "dockpol",
		Version:          currentBuild().Version,
		ShortDescription: "Check Compose files, containers and daemons against policy",
		URL:              "https://github.com/dockpol/dockpol",
	}
}

// isPluginBinary reports whether argv[0] names the CLI plugin.
func isPluginBinary(argv0 string) bool {
	return strings.TrimSuffix(filepath.Base(argv0), ".exe") == pluginBinary
}

// pluginCall is a parsed plugin invocation.
type pluginCall struct {
	metadata bool         // docker-cli-plugin-metadata: print the metadata
	docker   live.Options // the docker CLI's global options
	args     []string     // dockpol's arguments (after "policy")
}

// errNotPluginCall is returned when the plugin is run other than by the
// docker CLI.
var errNotPluginCall = errors.New(pluginBinary + " is a Docker CLI plugin: run it as docker policy COMMAND (or install the binary as dockpol)")

// dockerGlobalFlag is one of the docker CLI's global options
// (cli/flags/options.go InstallFlags, cli/cobra.go).
type dockerGlobalFlag struct {
	long, short string
	isBool      bool
	set         func(o *live.Options, v string) error
}

func ignoreFlag(*live.Options, string) error { return nil }

func boolFlag(dst func(o *live.Options) *bool) func(*live.Options, string) error {
	return func(o *live.Options, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("invalid boolean %q", v)
		}
		*dst(o) = b
		return nil
	}
}

var dockerGlobalFlags = []dockerGlobalFlag{
	{long: "config", set: func(o *live.Options, v string) error { o.ConfigDir = v; return nil }},
	{long: "context", short: "c", set: func(o *live.Options, v string) error { o.Context = v; return nil }},
	{long: "host", short: "H", set: func(o *live.Options, v string) error {
		if o.Host != "" {
			return errors.New("specify only one -H")
		}
		o.Host = v
		return nil
	}},
	{long: "debug", short: "D", isBool: true, set: ignoreFlag},
	{long: "log-level", short: "l", set: ignoreFlag},
	{long: "tls", isBool: true, set: boolFlag(func(o *live.Options) *bool { return &o.TLS })},
	{long: "tlsverify", isBool: true, set: boolFlag(func(o *live.Options) *bool { return &o.TLSVerify })},
	{long: "tlscacert", set: func(o *live.Options, v string) error { o.CACert = v; return nil }},
	{long: "tlscert", set: func(o *live.Options, v string) error { o.Cert = v; return nil }},
	{long: "tlskey", set: func(o *live.Options, v string) error { o.Key = v; return nil }},
}

func lookupGlobal(name string, short bool) *dockerGlobalFlag {
	for i, f := range dockerGlobalFlags {
		if (!short && f.long == name) || (short && f.short != "" && f.short == name) {
			return &dockerGlobalFlags[i]
		}
	}
	return nil
}

// parsePluginArgs reads a plugin invocation's arguments (argv[1:]): the
// docker CLI's global options (pflag syntax: --name value, --name=value,
// -H value, -Hvalue, -H=value), then "policy", then dockpol's arguments.
func parsePluginArgs(args []string) (pluginCall, error) {
	var call pluginCall
	if len(args) > 0 && args[0] == pluginMetadataCmd {
		call.metadata = true
		return call, nil
	}
	help := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == pluginName {
			call.args = append([]string(nil), args[i+1:]...)
			if help {
				call.args = append(call.args, "--help")
			}
			return call, nil
		}
		if a == "-h" || a == "--help" {
			help = true
			continue
		}
		if len(a) < 2 || a[0] != '-' || a == "--" {
			return call, errNotPluginCall
		}
		var name, value string
		var hasValue bool
		var f *dockerGlobalFlag
		if strings.HasPrefix(a, "--") {
			name, value, hasValue = strings.Cut(a[2:], "=")
			f = lookupGlobal(name, false)
			name = "--" + name
		} else {
			name = a[1:2]
			if rest := a[2:]; rest != "" {
				value, hasValue = strings.TrimPrefix(rest, "="), true
			}
			f = lookupGlobal(name, true)
			name = "-" + name
		}
		if f == nil {
			return call, fmt.Errorf("unknown docker option %s before %q", name, pluginName)
		}
		switch {
		case f.isBool && !hasValue:
			value = "true"
		case !hasValue:
			if i+1 >= len(args) {
				return call, fmt.Errorf("docker option %s needs a value", name)
			}
			i++
			value = args[i]
		}
		if err := f.set(&call.docker, value); err != nil {
			return call, fmt.Errorf("docker option %s: %w", name, err)
		}
	}
	return call, errNotPluginCall
}

// writePluginMetadata answers docker-cli-plugin-metadata.
func writePluginMetadata(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(newPluginMetadata())
}

// dockerOptionsKey carries the docker CLI's global options from run to
// the commands that reach an engine (connect).
type dockerOptionsKey struct{}

func withDockerOptions(ctx context.Context, o live.Options) context.Context {
	return context.WithValue(ctx, dockerOptionsKey{}, o)
}

func dockerOptionsFrom(ctx context.Context) live.Options {
	o, _ := ctx.Value(dockerOptionsKey{}).(live.Options)
	return o
}
