package request_test

import (
	"encoding/json"
	"testing"

	"github.com/dockpol/dockpol/inputs/request"
)

// FuzzDocument: any URI, method, body and content type gives a document
// (never a panic), and a body an endpoint needs is either decoded or
// marked unreadable, never silently dropped.
func FuzzDocument(f *testing.F) {
	seeds := []struct{ method, uri, ctype, body string }{
		{"POST", "/v1.47/containers/create?name=x", "application/json", `{"Image":"alpine","HostConfig":{"Privileged":true}}`},
		{"POST", "/containers/create", "application/json", `{"hostconfig":{"privileged":true,"Privileged":false}}`},
		{"POST", "/v1.40/containers/create", "application/json", `{"Image":"a"} trailing`},
		{"POST", "/v1.47/containers/web/exec", "application/json", `{"Privileged":true,"User":"0"}`},
		{"POST", "/v1.47/containers/web/update", "application/json", `{"PidsLimit":-1}`},
		{"POST", "/v1.47/volumes/create", "application/json", `{"DriverOpts":{"type":"none","o":"bind","device":"/"}}`},
		{"POST", "/v1.47/services/create", "application/json", `{"TaskTemplate":{"ContainerSpec":{"Image":"x","Privileges":{"Seccomp":{"Mode":"unconfined"}}}}}`},
		{"POST", "/v1.23/containers/x/start", "application/json", `{"Privileged":true}`},
		{"POST", "/v1.47/images/create?fromImage=nginx&tag=1", "application/x-www-form-urlencoded", ``},
		{"GET", "/_ping", "", ""},
		{"PATCH", "/%zz", "text/plain", "\xff\xfe"},
	}
	for _, s := range seeds {
		f.Add(s.method, s.uri, s.ctype, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, method, uri, ctype string, body []byte) {
		req := request.Request{RequestMethod: method, RequestURI: uri, RequestBody: body, RequestHeaders: map[string]string{"Content-Type": ctype}}
		doc := request.Document(req, request.Options{})
		if _, err := json.Marshal(doc.Value); err != nil {
			t.Fatalf("document does not marshal: %v", err)
		}
		r := doc.Value["request"].(map[string]any)
		b := r["body"].(map[string]any)
		if b["required"] == true && b["state"] != request.BodyDecoded && b["state"] != request.BodyAbsent && b["state"] != request.BodyInvalid {
			t.Fatalf("a required body in state %v", b["state"])
		}
		if b["state"] == request.BodyDecoded && b["required"] != true {
			t.Fatalf("decoded a body the endpoint does not read")
		}
	})
}
