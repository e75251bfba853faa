package request_test

import (
	"os"
	"testing"

	"github.com/dockpol/dockpol/inputs/request"
	"github.com/dockpol/dockpol/internal/benchcpu"
)

// BenchmarkDocumentCreate builds the document of one container create:
// the body the docker CLI writes (testdata/create-loadgen.json, the one
// ../shared/tools/authz-loadgen sends), so figures compare with
// authz.BenchmarkDecideCreate.
func BenchmarkDocumentCreate(b *testing.B) {
	body, err := os.ReadFile("testdata/create-loadgen.json")
	if err != nil {
		b.Fatal(err)
	}
	req := request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/create?name=api",
		RequestBody: body, RequestHeaders: map[string]string{"Content-Type": "application/json"}}
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		request.Document(req, request.Options{})
	}
}
