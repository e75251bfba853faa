package dockerfile_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/dockerfile"
)

// TestImageConfig checks the USER and HEALTHCHECK a compose build: service
// gets from its Dockerfile: the last or the target stage, inherited
// through FROM of an earlier stage, ARG defaults and build args.
func TestImageConfig(t *testing.T) {
	t.Parallel()
	type want struct {
		Stage    int
		User     any // string, or nil
		UserLine int
		HC       any // the test, or nil
		HCLine   int
	}
	tests := []struct {
		name   string
		df     string
		target string
		args   map[string]string
		want   want
	}{
		{
			name: "last stage",
			df:   "FROM golang:1.22 AS build\nUSER root\nFROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD wget -qO- http://localhost:8080/health\n",
			want: want{Stage: 1, User: "10001", UserLine: 4, HC: []any{"CMD-SHELL", "wget -qO- http://localhost:8080/health"}, HCLine: 5},
		},
		{
			name: "nothing set",
			df:   "FROM python:3.12\nRUN pip install app\n",
			want: want{},
		},
		{
			name: "inherited from an earlier stage",
			df:   "FROM node:20 AS base\nUSER node\nHEALTHCHECK NONE\nFROM base AS run\nCMD [\"node\", \"app.js\"]\n",
			want: want{Stage: 1, User: "node", UserLine: 2, HC: []any{"NONE"}, HCLine: 3},
		},
		{
			name:   "target stage",
			df:     "FROM alpine AS dev\nUSER root\nFROM alpine AS prod\nUSER 1000\n",
			target: "dev",
			want:   want{Stage: 0, User: "root", UserLine: 2},
		},
		{
			name:   "target matched case-insensitively",
			df:     "FROM alpine AS Dev\nUSER root\nFROM alpine\n",
			target: "dev",
			want:   want{Stage: 0, User: "root", UserLine: 2},
		},
		{
			name: "ARG default",
			df:   "FROM alpine\nARG UID=10001\nUSER ${UID}\n",
			want: want{User: "10001", UserLine: 3},
		},
		{
			name: "build arg over the default",
			df:   "ARG UID=10001\nFROM alpine\nARG UID\nUSER $UID:$UID\n",
			args: map[string]string{"UID": "0"},
			want: want{User: "0:0", UserLine: 4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sc, err := dockerfile.ImageConfig("app/Dockerfile", []byte(tt.df), tt.target, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			got := want{Stage: sc.Index, UserLine: sc.UserLine, HCLine: sc.HealthcheckLine}
			if sc.User != nil {
				got.User = *sc.User
			}
			if sc.Healthcheck != nil {
				got.HC = sc.Healthcheck["test"]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestImageConfigErrors(t *testing.T) {
	t.Parallel()
	if _, err := dockerfile.ImageConfig("Dockerfile", []byte("FROM alpine AS run\n"), "prod", nil); !errors.Is(err, dockerfile.ErrNoTarget) {
		t.Errorf("unknown target: got %v, want ErrNoTarget", err)
	}
	if _, err := dockerfile.ImageConfig("Dockerfile", []byte("RUN true\n"), "", nil); !errors.Is(err, dockerfile.ErrNoStage) {
		t.Errorf("no FROM: got %v, want ErrNoStage", err)
	}
	if _, err := dockerfile.ImageConfig("Dockerfile", []byte("\n# nothing\n"), "", nil); !errors.Is(err, dockerfile.ErrEmpty) {
		t.Errorf("empty: got %v, want ErrEmpty", err)
	}
}
