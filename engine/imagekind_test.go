package engine_test

import (
	"context"
	"testing"

	"github.com/dockpol/dockpol/inputs"
)

// TestImageViewJudgedAsImage: the container of an image-level view (a
// Dockerfile's final stage, origin kind image) is judged as kind image,
// whatever the document's kind: its per-container input says kind image,
// so a rule that lists image in its kinds judges its unset fields, and the
// finding carries kind image.
func TestImageViewJudgedAsImage(t *testing.T) {
	e := newEngine(t)
	doc := &inputs.Document{
		Path: "Dockerfile",
		Value: map[string]any{
			"schema": inputs.Schema, "kind": inputs.KindDockerfile,
			"source": map[string]any{"path": "Dockerfile", "adapter": "dockerfile", "files": []any{"Dockerfile"}},
			"containers": []any{map[string]any{
				"name":   "Dockerfile",
				"origin": map[string]any{"kind": "image", "file": "Dockerfile", "line": 1},
				"image":  map[string]any{"ref": "debian:12", "registry": "docker.io", "repository": "library/debian", "tag": "12", "digest": nil},
				"user":   nil,
			}},
		},
		Provenance: inputs.Provenance{"containers[0]": {File: "Dockerfile", Line: 1}},
	}
	fs, err := e.Evaluate(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range fs {
		if f.ID == "DKR-C25" {
			found = true
			if f.Kind != inputs.KindImage || f.File != "Dockerfile" || f.Line != 1 || f.Container != "Dockerfile" {
				t.Errorf("DKR-C25 finding %+v: want kind image at Dockerfile:1", f)
			}
		}
		if f.ID == "DKR-C27" {
			t.Errorf("DKR-C27 judged an image's memory limit: %+v", f)
		}
	}
	if !found {
		t.Errorf("no DKR-C25 finding for an image without USER: %+v", fs)
	}
}
