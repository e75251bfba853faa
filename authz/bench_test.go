package authz_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
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

// gatePolicy is the shipped policy as dockpol authz serve builds it: the
// rules for requests only, and without --warnings only those that can
// deny or audit at the gate.
func gatePolicy(b *testing.B, warnings bool) *authz.Policy {
	b.Helper()
	opts := []engine.Option{engine.WithKinds(inputs.KindRequest)}
	if !warnings {
		opts = append(opts, engine.WithDecidingRulesOnly())
	}
	p, err := newPolicy(context.Background(), opts...)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkDecideCreate is one container-create decision in process,
// with the decision log on (to io.Discard): as the gate runs by default
// (warnings=off), and with --warnings.
func BenchmarkDecideCreate(b *testing.B) {
	for _, warnings := range []bool{false, true} {
		b.Run(fmt.Sprintf("warnings=%s", onOff(warnings)), func(b *testing.B) {
			d := decider(b, false, gatePolicy(b, warnings))
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
		})
	}
}

func onOff(v bool) string {
	if v {
		return "on"
	}
	return "off"
}

// BenchmarkSocketCreate is the same decision (the gate's default) over
// the unix socket, the
// protocol message encoded as dockerd sends it, from parallel clients.
func BenchmarkSocketCreate(b *testing.B) {
	s := authz.NewServer(decider(b, false, gatePolicy(b, false)), authz.WithDecisionLog(authz.NewDecisionLog(io.Discard, 0)))
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
