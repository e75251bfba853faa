// Package config reads dockpol's configuration file (.dockpol.yaml): the
// data shipped and team rules read as data.dockpol.config. It is found from
// the working directory upwards, or named with --config.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v4"
)

// FileNames are the names searched for, in order, in each directory.
var FileNames = []string{".dockpol.yaml", ".dockpol.yml"}

// maxSize caps the configuration file.
const maxSize = 1 << 20

// Config is the parsed configuration file.
type Config struct {
	// Path is where it was read from ("" when none was found).
	Path string `yaml:"-"`
	// Data is exposed to rules as data.dockpol.config (trusted registries,
	// allowed capabilities, allowed host paths, ...).
	Data map[string]any `yaml:"data"`
}

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
				return Load(p)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return &Config{}, nil
		}
		dir = parent
	}
}

// Load reads the configuration file at path.
func Load(path string) (*Config, error) {
	st, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > maxSize {
		return nil, fmt.Errorf("%s: file too large (%d bytes, limit %d)", path, st.Size(), maxSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse parses configuration file content; name is used in errors.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{Path: name}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		var le *yaml.LoadError
		if errors.As(err, &le) {
			return nil, fmt.Errorf("%s:%d:%d: %s", name, le.Mark.Line, le.Mark.Column, le.Message)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if c.Data == nil {
		c.Data = map[string]any{}
	}
	return c, nil
}
