// Package config reads dockpol's configuration file (.dockpol.yaml): extra
// policies, rules switched off, actions and severities changed, exceptions
// with a reason and an optional expiry, and the data rules read as
// data.dockpol.config. It is found from the working directory upwards, or
// named with --config.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
)

// FileNames are the names searched for, in order, in each directory.
var FileNames = []string{".dockpol.yaml", ".dockpol.yml"}

// maxSize caps the configuration file.
const maxSize = 1 << 20

// Modes a per-mode action may name.
var Modes = []string{"ci", "gate", "audit"}

// Config is the parsed configuration file.
type Config struct {
	// Path is where it was read from ("" when none was found).
	Path string `yaml:"-"`
	// Dir is the directory relative paths in the file are resolved from.
	Dir string `yaml:"-"`
	// Policies are extra policy directories or bundles, relative to Dir.
	Policies []string `yaml:"policies"`
	// Disable switches rules off by id.
	Disable []string `yaml:"disable"`
	// Action changes a rule's action: "deny"/"warn", or one per mode.
	Action map[string]Action `yaml:"action"`
	// Severity changes a rule's severity.
	Severity map[string]string `yaml:"severity"`
	// Exceptions waive findings, with a reason.
	Exceptions []Exception `yaml:"exceptions"`
	// Data is exposed to rules as data.dockpol.config (trusted registries,
	// allowed capabilities, allowed host paths, ...).
	Data map[string]any `yaml:"data"`
}

// Action is a rule's action, the same in every mode (All) or per mode.
type Action struct {
	All     string
	PerMode map[string]string
}

// UnmarshalYAML accepts `deny` or `{ci: deny, gate: warn}`. The decoder
// adds the position to its errors.
func (a *Action) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if !validAction(n.Value) {
			return fmt.Errorf("action %q: want deny, warn or audit", n.Value)
		}
		a.All = n.Value
		return nil
	case yaml.MappingNode:
		m := map[string]string{}
		if err := n.Decode(&m); err != nil {
			return err
		}
		for mode, act := range m {
			if !contains(Modes, mode) {
				return fmt.Errorf("unknown mode %q (want %s)", mode, strings.Join(Modes, ", "))
			}
			if !validAction(act) {
				return fmt.Errorf("action %q for mode %s: want deny, warn or audit", act, mode)
			}
		}
		a.PerMode = m
		return nil
	}
	return errors.New("action: want deny, warn, audit or a map of modes")
}

// For returns the action in mode, or "" when the config does not change it.
func (a Action) For(mode string) string {
	if v, ok := a.PerMode[mode]; ok {
		return v
	}
	return a.All
}

// Exception waives a rule's findings for matching containers and files.
type Exception struct {
	Rule       string   `yaml:"rule"`
	Containers []string `yaml:"containers"` // globs on container/service names
	Files      []string `yaml:"files"`      // globs on file paths ("deploy/**")
	Images     []string `yaml:"images"`     // globs on image references or digests
	Users      []string `yaml:"users"`      // globs on the TLS identity of an Engine API request (authz)
	Reason     string   `yaml:"reason"`
	Expires    string   `yaml:"expires"` // YYYY-MM-DD: applies through that day
	Line       int      `yaml:"-"`
}

// Expired reports whether the exception no longer applies on day now.
func (e Exception) Expired(now time.Time) bool {
	if e.Expires == "" {
		return false
	}
	d, err := time.Parse(time.DateOnly, e.Expires)
	if err != nil {
		return false
	}
	y, m, day := now.Date()
	today := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return today.After(d)
}

var ruleIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:#-]*$`)

// Find looks for a configuration file in dir and its parents and loads
// the first found. No file is not an error: it returns an empty Config.
func Find(dir string) (*Config, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				c, err := Load(p)
				if err == nil {
					c.Path = displayPath(p)
				}
				return c, err
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Empty(), nil
		}
		dir = parent
	}
}

// Empty is the configuration used when there is no file.
func Empty() *Config { return &Config{Data: map[string]any{}} }

// Load reads the configuration file at path: a regular file (not a
// FIFO, a device or a /proc file a symbolic link leads to) of at most
// maxSize bytes, since the checked repository's own file is input from
// whoever wrote it.
func Load(path string) (*Config, error) {
	data, err := inputs.ReadFile(path, maxSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.Dir = filepath.Dir(path)
	return c, nil
}

// Parse parses configuration file content; name is used in errors.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlErr(name, err)
	}
	if len(root.Content) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
			return nil, yamlErr(name, err)
		}
		recordExceptionLines(&root, c)
	}
	if c.Data == nil {
		c.Data = map[string]any{}
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

func recordExceptionLines(root *yaml.Node, c *Config) {
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "exceptions" {
			continue
		}
		for j, item := range doc.Content[i+1].Content {
			if j < len(c.Exceptions) {
				c.Exceptions[j].Line = item.Line
			}
		}
	}
}

func (c *Config) validate() error {
	var errs []error
	for _, id := range c.Disable {
		if !ruleIDPattern.MatchString(id) {
			errs = append(errs, fmt.Errorf("disable: %q is not a rule id", id))
		}
	}
	for id, sev := range c.Severity {
		if !contains([]string{"critical", "high", "medium", "low"}, sev) {
			errs = append(errs, fmt.Errorf("severity: %s: %q is not critical, high, medium or low", id, sev))
		}
	}
	for i, e := range c.Exceptions {
		where := fmt.Sprintf("exceptions[%d]", i)
		if e.Line > 0 {
			where = fmt.Sprintf("line %d: %s", e.Line, where)
		}
		if e.Rule == "" {
			errs = append(errs, fmt.Errorf("%s: rule is required", where))
		}
		if strings.TrimSpace(e.Reason) == "" {
			errs = append(errs, fmt.Errorf("%s: reason is required (say why the finding is accepted)", where))
		}
		if e.Expires != "" {
			if _, err := time.Parse(time.DateOnly, e.Expires); err != nil {
				errs = append(errs, fmt.Errorf("%s: expires %q: want YYYY-MM-DD", where, e.Expires))
			}
		}
		for _, g := range append(append(append([]string{}, e.Containers...), e.Files...), e.Images...) {
			if _, err := filepath.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
				errs = append(errs, fmt.Errorf("%s: bad glob %q", where, g))
			}
		}
	}
	return errors.Join(errs...)
}

// KnownRules checks that every rule id the configuration names exists:
// a typo must not silently leave a rule on.
func (c *Config) KnownRules(known func(id string) bool) error {
	var unknown []string
	add := func(id string) {
		if !known(id) && !contains(unknown, id) {
			unknown = append(unknown, id)
		}
	}
	for _, id := range c.Disable {
		add(id)
	}
	for id := range c.Action {
		add(id)
	}
	for id := range c.Severity {
		add(id)
	}
	for _, e := range c.Exceptions {
		add(e.Rule)
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("%s: unknown rule ids: %s", c.Path, strings.Join(unknown, ", "))
}

func yamlErr(name string, err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%d:%d: %s", name, le.Mark.Line, le.Mark.Column, le.Message)
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) && len(les.Errors) > 0 {
		e := les.Errors[0]
		return fmt.Errorf("%s:%d:%d: %s", name, e.Mark.Line, e.Mark.Column, e.Message)
	}
	return fmt.Errorf("%s: %w", name, err)
}

func validAction(a string) bool { return a == "deny" || a == "warn" || a == "audit" }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// displayPath is p relative to the working directory ("../.dockpol.yaml"
// when Find took it from a parent): reports never carry the checking
// machine's absolute paths.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}
