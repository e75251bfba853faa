// Package inspect is the adapter for `docker inspect` output: the JSON
// array the CLI prints for one or many containers (or a single object, as
// GET /containers/{id}/json returns it), and `docker image inspect` output.
// Containers become a document of kind "container", images one of kind
// "image". The container configuration is mapped by inputs/engineapi, the
// same mapping the authorization plugin applies to create requests; this
// package adds what only a created container has: its name, the image ID,
// its state, the AppArmor profile it runs with and the mounts it really
// got (those inherited with --volumes-from included).
package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/engineapi"
)

// Adapter is the document's source.adapter.
const Adapter = "inspect"

// Options shape DecodeWith.
type Options struct {
	// Defaults are the engine's defaults where known (a live audit reads
	// them from docker info); see engineapi.Defaults.
	Defaults engineapi.Defaults
	// Volumes are the engine's named volumes (driver, options), where known.
	Volumes map[string]engineapi.Volume
	// ContainerNames maps container IDs to names beyond those in the input.
	ContainerNames map[string]string
	// Live says the input came from the Docker API, not a file: origins
	// carry no file and no positions are recorded.
	Live bool
	// Source holds extra facts merged into the document's source (a live
	// audit adds the engine it audited).
	Source map[string]any
}

// Decode reads docker inspect output (container or image) into a document.
func Decode(path string, data []byte) (*inputs.Document, error) {
	return DecodeWith(path, data, Options{})
}

// element kinds.
const (
	elemContainer = inputs.KindContainer
	elemImage     = inputs.KindImage
)

// containerJSON is the part of a container's inspect output dockpol reads.
type containerJSON struct {
	ID              string `json:"Id"`
	Name            string
	Image           string
	AppArmorProfile string
	State           *struct{ Status string }
	Config          *container.Config
	HostConfig      *container.HostConfig
	Mounts          []container.MountPoint
	NetworkSettings *struct {
		Networks map[string]json.RawMessage
	}
}

// imageJSON is the part of an image's inspect output (or of an OCI image
// config, whose keys are lower case) dockpol reads.
type imageJSON struct {
	ID          string `json:"Id"`
	RepoTags    []string
	RepoDigests []string
	Config      *container.Config
}

// DecodeWith is Decode with options.
func DecodeWith(path string, data []byte, opts Options) (*inputs.Document, error) {
	d := &decoder{path: path, data: data, opts: opts, lines: newLines(path, data), prov: inputs.Provenance{}}
	if opts.Live {
		d.lines = nil
	}
	return d.decode()
}

type decoder struct {
	path  string
	data  []byte
	opts  Options
	lines *lines
	prov  inputs.Provenance
	// elemLabel names element i in messages ("element 2: "), "" for a
	// single object
	elemLabel func(i int) string
}

// errorAt returns a SourceError at a byte offset of the input.
func (d *decoder) errorAt(off int, format string, args ...any) error {
	pos := inputs.Position{File: d.path}
	if d.lines != nil {
		pos = d.lines.pos(off)
	}
	return &inputs.SourceError{Pos: pos, Err: fmt.Errorf(format, args...)}
}

var bom = []byte("\xef\xbb\xbf")

func (d *decoder) decode() (*inputs.Document, error) {
	base := 0
	if bytes.HasPrefix(d.data, bom) {
		base = len(bom)
	}
	text := d.data[base:]
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, d.errorAt(base, "empty input: want docker inspect output (a JSON array)")
	}
	var top any
	if err := json.Unmarshal(text, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, d.errorAt(base+int(se.Offset)-1, "not docker inspect output: invalid JSON: %s", se.Error())
		}
		return nil, d.errorAt(base, "not docker inspect output: %v", err)
	}
	root := indexJSON(text)
	var elems []*jsonNode
	switch top.(type) {
	case []any:
		elems = root.elems
	case map[string]any:
		elems = []*jsonNode{root}
	default:
		return nil, d.errorAt(base, "not docker inspect output: want a JSON array of containers or images, got %s", jsonType(top))
	}
	rawElems := make([]json.RawMessage, len(elems))
	if len(elems) == 1 && root == elems[0] {
		rawElems[0] = text
	} else if err := json.Unmarshal(text, &rawElems); err != nil {
		return nil, d.errorAt(base, "not docker inspect output: %v", err)
	}

	_, isArray := top.([]any)
	d.elemLabel = func(i int) string {
		if !isArray {
			return ""
		}
		return fmt.Sprintf("element %d: ", i)
	}
	kind := ""
	for i, raw := range rawElems {
		k, err := elementKind(raw)
		if err != nil {
			return nil, d.errorAt(base+elems[i].off, "%snot docker inspect output: %v", d.elemLabel(i), err)
		}
		if kind != "" && k != kind {
			return nil, d.errorAt(base+elems[i].off, "%smixes %s and %s inspect output: inspect them into separate files", d.elemLabel(i), kind, k)
		}
		kind = k
	}
	if kind == "" {
		kind = inputs.KindContainer
	}

	names := map[string]string{}
	for id, n := range d.opts.ContainerNames {
		names[id] = n
	}
	decoded := make([]containerJSON, len(rawElems))
	images := make([]imageJSON, len(rawElems))
	for i, raw := range rawElems {
		var err error
		if kind == elemContainer {
			err = json.Unmarshal(raw, &decoded[i])
			if err == nil && decoded[i].ID != "" {
				names[decoded[i].ID] = containerName(decoded[i])
			}
		} else {
			err = json.Unmarshal(raw, &images[i])
		}
		if err != nil {
			return nil, d.typeError(elems[i], base+elems[i].off, i, err)
		}
	}

	containers := make([]any, 0, len(rawElems))
	var warnings []inputs.Diagnostic
	for i := range rawElems {
		path := inputs.JoinPath("containers", i)
		srcs := map[string]engineapi.Field{}
		var c map[string]any
		var labels map[string]string
		off := base + elems[i].off
		if kind == elemContainer {
			c = d.container(decoded[i], names, srcs, off)
			if decoded[i].Config != nil {
				labels = decoded[i].Config.Labels
			}
		} else {
			c = d.image(images[i], srcs, off)
			if images[i].Config != nil {
				labels = images[i].Config.Labels
			}
		}
		if v, ok := labels[inputs.WaiverLabel]; ok {
			if _, err := inputs.LabelWaivers(v); err != nil {
				f := engineapi.Field{"Config", "Labels", inputs.WaiverLabel}
				return nil, d.errorAt(d.fieldOffset(elems[i], f, off), "%s: %v", c["name"], err)
			}
		}
		d.record(path, elems[i], srcs, off)
		containers = append(containers, c)
	}
	if len(containers) == 0 {
		warnings = append(warnings, inputs.Diagnostic{Severity: inputs.SeverityWarning, Pos: inputs.Position{File: d.path}, Message: "no containers: the inspect output is an empty list"})
	}

	source := map[string]any{"path": d.path, "adapter": Adapter}
	if !d.opts.Live {
		source["files"] = []any{d.path}
	}
	for k, v := range d.opts.Source {
		source[k] = v
	}
	doc := map[string]any{
		"schema":     inputs.Schema,
		"kind":       kind,
		"source":     source,
		"containers": containers,
	}
	if d.opts.Live {
		d.prov = inputs.Provenance{}
	}
	return &inputs.Document{Path: d.path, Value: doc, Provenance: d.prov, Warnings: warnings}, nil
}

// fieldOffset is the absolute offset of field f inside an element, or the
// element's own offset when the field is not in the input.
func (d *decoder) fieldOffset(n *jsonNode, f engineapi.Field, elemOff int) int {
	if m := n.lookup(f); m != nil {
		return elemOff - n.off + m.off
	}
	return elemOff
}

// record maps each normalised field of container base to the position of
// the key that set it.
func (d *decoder) record(base string, n *jsonNode, srcs map[string]engineapi.Field, off int) {
	if d.lines == nil {
		return
	}
	d.prov[base] = d.lines.pos(off)
	for p, f := range srcs {
		if m := n.lookup(f); m != nil {
			d.prov[base+"."+p] = d.lines.pos(off - n.off + m.off)
		}
	}
}

// typeError positions a decoding error (a field of the wrong type) at
// the field's key.
func (d *decoder) typeError(n *jsonNode, elemOff, i int, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		off := elemOff + int(te.Offset) - 1
		if field == "" {
			field = "value"
		} else {
			var f engineapi.Field
			for _, k := range strings.Split(field, ".") {
				f = append(f, k)
			}
			if m := n.lookup(f); m != nil {
				off = elemOff - n.off + m.off
			}
		}
		return d.errorAt(off, "%s%s: cannot read %s as %s", d.elemLabel(i), field, te.Value, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return d.errorAt(elemOff+int(se.Offset)-1, "%s%v", d.elemLabel(i), se)
	}
	return d.errorAt(elemOff, "%s%v", d.elemLabel(i), err)
}

// elementKind tells a container's inspect output from an image's. Keys
// match case-insensitively, as encoding/json matches them.
func elementKind(raw json.RawMessage) (string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		var v any
		_ = json.Unmarshal(raw, &v)
		return "", fmt.Errorf("want an object, got %s", jsonType(v))
	}
	keys := map[string]bool{}
	for k := range m {
		keys[strings.ToLower(k)] = true
	}
	switch {
	case keys["hostconfig"] || keys["state"]:
		return elemContainer, nil
	case keys["rootfs"] || keys["repotags"] || keys["containerconfig"] || keys["container_config"] ||
		keys["config"] && (keys["architecture"] || keys["os"]):
		return elemImage, nil
	}
	return "", errors.New("neither a container (no HostConfig or State) nor an image (no RootFS, RepoTags or Config)")
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func containerName(c containerJSON) string {
	if n := strings.TrimPrefix(c.Name, "/"); n != "" {
		return n
	}
	return shortID(c.ID)
}

func shortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func (d *decoder) origin(kind string, off int) engineapi.Origin {
	o := engineapi.Origin{Kind: kind}
	if d.lines != nil {
		o.File, o.Line = d.path, d.lines.pos(off).Line
	}
	return o
}

// container maps one container's inspect output.
func (d *decoder) container(cj containerJSON, names map[string]string, srcs map[string]engineapi.Field, off int) map[string]any {
	volumes := map[string]engineapi.Volume{}
	for _, mp := range cj.Mounts {
		if mp.Name != "" && mp.Driver != "" {
			volumes[mp.Name] = engineapi.Volume{Driver: mp.Driver}
		}
	}
	for n, v := range d.opts.Volumes {
		volumes[n] = v
	}
	var netcfg *network.NetworkingConfig
	if cj.NetworkSettings != nil {
		netcfg = &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{}}
		for n := range cj.NetworkSettings.Networks {
			netcfg.EndpointsConfig[n] = nil
		}
	}
	opts := engineapi.Options{
		Origin:         d.origin(engineapi.OriginContainer, off),
		Stored:         true,
		Defaults:       d.opts.Defaults,
		Volumes:        volumes,
		ContainerNames: names,
		ConfigPath:     engineapi.Field{"Config"},
		Sources:        srcs,
	}
	c := engineapi.Container(containerName(cj), cj.Config, cj.HostConfig, netcfg, opts)
	if img, ok := c["image"].(map[string]any); ok || cj.Image != "" {
		if img == nil {
			img = idRef(cj.Image)
		}
		img["id"] = inputs.StrOrNil(cj.Image)
		c["image"] = img
		srcs["image.id"] = engineapi.Field{"Image"}
	}
	if img, _ := c["image"].(map[string]any); img != nil {
		if ref, _ := img["ref"].(string); imageID.MatchString(ref) {
			id := img["id"]
			for k, v := range idRef(ref) {
				img[k] = v
			}
			img["id"] = id
		}
	}
	status := ""
	if cj.State != nil {
		status = cj.State.Status
	}
	c["status"] = inputs.StrOrNil(status)
	srcs["status"] = engineapi.Field{"State", "Status"}
	if sec, ok := c["security"].(map[string]any); ok {
		sec["apparmor_profile"] = inputs.StrOrNil(cj.AppArmorProfile)
		srcs["security.apparmor_profile"] = engineapi.Field{"AppArmorProfile"}
	}
	c["mounts"] = d.runtimeMounts(c["mounts"].([]any), cj.Mounts, volumes, srcs)
	return c
}

// runtimeMounts adds the mounts the container really got that its
// configuration does not list: those inherited with --volumes-from.
func (d *decoder) runtimeMounts(mounts []any, points []container.MountPoint, volumes map[string]engineapi.Volume, srcs map[string]engineapi.Field) []any {
	targets := map[string]bool{}
	for _, m := range mounts {
		t, _ := m.(map[string]any)["target"].(string)
		targets[t] = true
	}
	for i, mp := range points {
		target := mp.Destination
		if target != "" {
			target = path.Clean(target)
		}
		if target == "" || targets[target] {
			continue
		}
		targets[target] = true
		typ := string(mp.Type)
		if typ == "" {
			typ = "bind"
			if mp.Name != "" {
				typ = "volume"
			}
		}
		m := map[string]any{
			"type": typ, "source": inputs.StrOrNil(mp.Source), "target": target, "read_only": !mp.RW,
			"propagation": inputs.StrOrNil(string(mp.Propagation)), "volume_driver": nil, "driver_device": nil,
		}
		if typ == "volume" {
			m["source"] = inputs.StrOrNil(mp.Name)
			m["volume_driver"] = inputs.StrOrNil(mp.Driver)
			if v, ok := volumes[mp.Name]; ok && (v.Driver == "" || v.Driver == "local") && v.Options["device"] != "" && hasBindOption(v.Options["o"]) {
				m["driver_device"] = v.Options["device"]
			}
		}
		srcs[inputs.JoinPath("mounts", len(mounts))] = engineapi.Field{"Mounts", i}
		mounts = append(mounts, m)
	}
	return mounts
}

func hasBindOption(o string) bool {
	for _, x := range strings.Split(o, ",") {
		if x = strings.TrimSpace(x); x == "bind" || x == "rbind" {
			return true
		}
	}
	return false
}

// image maps one image's inspect output.
func (d *decoder) image(ij imageJSON, srcs map[string]engineapi.Field, off int) map[string]any {
	ref := ""
	if len(ij.RepoTags) > 0 {
		ref = ij.RepoTags[0]
	} else if len(ij.RepoDigests) > 0 {
		ref = ij.RepoDigests[0]
	}
	name := ref
	if name == "" {
		name = shortID(ij.ID)
	}
	if name == "" {
		name = "image"
	}
	opts := engineapi.Options{
		Origin:     d.origin(engineapi.OriginImage, off),
		Stored:     true,
		Defaults:   d.opts.Defaults,
		ConfigPath: engineapi.Field{"Config"},
		Sources:    srcs,
	}
	c := engineapi.Image(name, ref, ij.Config, opts)
	img, _ := c["image"].(map[string]any)
	if img == nil && ij.ID != "" {
		img = idRef(ij.ID)
	}
	if img != nil {
		img["id"] = inputs.StrOrNil(ij.ID)
		c["image"] = img
		srcs["image"] = engineapi.Field{"RepoTags"}
		srcs["image.id"] = engineapi.Field{"Id"}
	}
	return c
}

// imageID matches an image ID used as a reference ("sha256:abc…", "abc123…").
var imageID = regexp.MustCompile(`^(sha256:)?[0-9a-f]{12,64}$`)

// idRef is the image object of a reference that is an image ID: no
// registry, repository or tag.
func idRef(id string) map[string]any {
	out := map[string]any{"ref": id, "registry": nil, "repository": nil, "tag": nil, "digest": nil}
	if strings.HasPrefix(id, "sha256:") && len(id) == len("sha256:")+64 {
		out["digest"] = id
	}
	return out
}
