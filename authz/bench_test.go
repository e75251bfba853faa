package authz_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/inputs/request"
	"github.com/dockpol/dockpol/internal/benchcpu"
)

// loadgenBody is the create body ../shared/tools/authz-loadgen sends
// (1.6 KB, as the docker CLI writes it), so figures compare.
func loadgenBody(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("../../shared/tools/authz-loadgen/create.json")
	if err != nil {
		return []byte(hardened)
	}
	return data
}

// BenchmarkDecideCreate is one container-create decision in process,
// with the decision log on (to io.Discard).
func BenchmarkDecideCreate(b *testing.B) {
	d := decider(b, false, shippedPolicy(b))
	log := authz.NewDecisionLog(io.Discard, 0)
	defer log.Close()
	req := request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/create?name=api",
		RequestBody: loadgenBody(b), RequestHeaders: map[string]string{"Content-Type": "application/json"}}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		_, rec := d.Decide(ctx, req)
		log.Log(rec)
	}
}

// BenchmarkSocketCreate is the same decision over the unix socket, the
// protocol message encoded as dockerd sends it, from parallel clients.
func BenchmarkSocketCreate(b *testing.B) {
	s := authz.NewServer(decider(b, false, shippedPolicy(b)), authz.WithDecisionLog(authz.NewDecisionLog(io.Discard, 0)))
	c, _ := serveB(b, s)
	msg := []byte(mustJSON(b, map[string]any{"RequestMethod": "POST", "RequestUri": "/v1.47/containers/create?name=api",
		"RequestBody": loadgenBody(b), "RequestHeaders": map[string]string{"Content-Type": "application/json"}}))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchcpu.Measure(b)()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := c.Post("http://plugin/AuthZPlugin.AuthZReq", "application/json", bytes.NewReader(msg))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
			}
		}
	})
}
