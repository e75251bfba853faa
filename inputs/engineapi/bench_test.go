package engineapi_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/moby/moby/api/types/container"

	"github.com/dockpol/dockpol/inputs/engineapi"
	"github.com/dockpol/dockpol/internal/benchcpu"
)

// BenchmarkContainer maps the create body the docker CLI writes (the one
// ../shared/tools/authz-loadgen sends, kept in inputs/request's testdata):
// as the authorization gate does (sources=off), and recording the API
// field of each normalised one as the inspect adapter does (sources=on).
func BenchmarkContainer(b *testing.B) {
	data, err := os.ReadFile("../request/testdata/create-loadgen.json")
	if err != nil {
		b.Fatal(err)
	}
	var req container.CreateRequest
	if err := json.Unmarshal(data, &req); err != nil {
		b.Fatal(err)
	}
	for _, sources := range []bool{false, true} {
		name := "sources=off"
		if sources {
			name = "sources=on"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				opts := engineapi.Options{Origin: engineapi.Origin{Kind: engineapi.OriginRequest}}
				if sources {
					opts.Sources = map[string]engineapi.Field{}
				}
				engineapi.Container("api", req.Config, req.HostConfig, req.NetworkingConfig, opts)
			}
		})
	}
}
