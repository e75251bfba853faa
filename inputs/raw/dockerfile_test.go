package raw_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/raw"
)

// TestDecodeDockerfile checks the command list conftest's Dockerfile
// parser gives policies: lower-case Cmd, comments as entries, ONBUILD's
// sub-command, JSON form, flags and the stage index.
func TestDecodeDockerfile(t *testing.T) {
	src := "# base\nFROM alpine:3.20 AS build\nRUN apk add --no-cache curl\nFROM scratch\nCOPY --from=build /bin/sh /sh\nONBUILD RUN echo hi\nCMD [\"/sh\"]\n"
	docs, err := raw.DecodeDockerfile("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("got %d inputs, want 1 (the command list)", len(docs))
	}
	got, _ := json.Marshal(docs[0])
	want := `[{"Cmd":"comment","Flags":null,"JSON":false,"Stage":0,"SubCmd":"","Value":["base"]},` +
		`{"Cmd":"from","Flags":[],"JSON":false,"Stage":0,"SubCmd":"","Value":["alpine:3.20","AS","build"]},` +
		`{"Cmd":"run","Flags":[],"JSON":false,"Stage":0,"SubCmd":"","Value":["apk add --no-cache curl"]},` +
		`{"Cmd":"from","Flags":[],"JSON":false,"Stage":1,"SubCmd":"","Value":["scratch"]},` +
		`{"Cmd":"copy","Flags":["--from=build"],"JSON":false,"Stage":1,"SubCmd":"","Value":["/bin/sh","/sh"]},` +
		`{"Cmd":"onbuild","Flags":[],"JSON":false,"Stage":1,"SubCmd":"RUN","Value":["echo hi"]},` +
		`{"Cmd":"cmd","Flags":[],"JSON":true,"Stage":1,"SubCmd":"","Value":["/sh"]}]`
	var w, g any
	_ = json.Unmarshal([]byte(want), &w)
	_ = json.Unmarshal(got, &g)
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
	if _, err := raw.DecodeDockerfile("Dockerfile", []byte("FROM\n")); err == nil {
		t.Error("a FROM without an image: want an error")
	}
}
