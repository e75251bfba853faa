package authz_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/inputs/request"
)

// FuzzHandler: request bytes in, a decision out; never a panic, and
// never Allow for a message the decoder could not read, nor for a
// create, exec or volume request whose body could not be decoded.
func FuzzHandler(f *testing.F) {
	for _, seed := range []string{
		`{"RequestMethod":"POST","RequestUri":"/v1.47/containers/create","RequestHeaders":{"Content-Type":"application/json"},"RequestBody":"eyJJbWFnZSI6ImFscGluZSIsIkhvc3RDb25maWciOnsiUHJpdmlsZWdlZCI6dHJ1ZX19"}`,
		`{"RequestMethod":"GET","RequestUri":"/_ping"}`,
		`{"RequestMethod":"POST","RequestUri":"/v1.47/containers/web/exec","RequestBody":"e30="}`,
		`{"RequestMethod":"POST","RequestUri":"/v1.47/volumes/create","RequestBody":"eyJEcml2ZXJPcHRzIjp7InR5cGUiOiJub25lIiwibyI6ImJpbmQiLCJkZXZpY2UiOiIvIn19"}`,
		`{"RequestMethod":"POST","RequestUri":"/v1.47/plugins/pull?remote=x"}`,
		`{"RequestMethod":`,
		`[]`,
	} {
		f.Add([]byte(seed))
	}
	h := authz.NewServer(decider(f, false, shippedPolicy(f))).Handler()
	f.Fuzz(func(t *testing.T, msg []byte) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, authz.PathAuthZReq, bytes.NewReader(msg)))
		var d authz.Decision
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
			t.Fatalf("answer is not a decision: %q", rec.Body.String())
		}
		if !d.Allow {
			if d.Msg == "" {
				t.Fatal("a refusal without a reason")
			}
			return
		}
		req, err := authz.DecodeRequest(msg)
		if err != nil {
			t.Fatalf("allowed a message the decoder cannot read: %v", err)
		}
		doc := request.Document(req, request.Options{})
		body := doc.Value["request"].(map[string]any)["body"].(map[string]any)
		if body["required"] == true && body["state"] != request.BodyDecoded {
			t.Fatalf("allowed %s %s with body state %v", req.RequestMethod, req.RequestURI, body["state"])
		}
		if doc.Value["request"].(map[string]any)["endpoint"] == request.EndpointUnknown {
			t.Fatalf("allowed an unknown endpoint: %s %s", req.RequestMethod, req.RequestURI)
		}
	})
}
