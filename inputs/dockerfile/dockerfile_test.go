package dockerfile_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/dockerfile"
)

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		text    string
		line    int
		is      error
		message string
	}{
		{"empty file", "", 0, dockerfile.ErrEmpty, "empty Dockerfile"},
		{"comments only", "# nothing\n\n# here\n", 0, dockerfile.ErrEmpty, "empty Dockerfile"},
		{"no FROM", "ARG VERSION=1\n", 0, dockerfile.ErrNoStages, "no FROM"},
		{"instruction before FROM", "# c\nRUN echo hi\nFROM alpine:3.20\n", 2, dockerfile.ErrNoStage, "RUN before the first FROM"},
		{"unknown instruction", "FROM alpine:3.20\nRUN true\nFOO bar\n", 3, dockerfile.ErrSyntax, "unknown instruction: FOO"},
		{"unterminated heredoc", "FROM alpine:3.20\nRUN <<EOF\necho hi\n", 2, dockerfile.ErrSyntax, "unterminated heredoc"},
		{"bad stage name", "FROM alpine:3.20 AS 1st\n", 1, dockerfile.ErrSyntax, "invalid name for build stage"},
		{"FROM arguments", "FROM alpine:3.20 AS\n", 1, dockerfile.ErrSyntax, "FROM requires either one or three arguments"},
		{"HEALTHCHECK NONE with arguments", "FROM alpine:3.20\n\nHEALTHCHECK NONE curl\n", 3, dockerfile.ErrSyntax, "HEALTHCHECK NONE takes no arguments"},
		{"bad mount type", "FROM alpine:3.20\nRUN --mount=type=bogus,target=/x true\n", 2, dockerfile.ErrSyntax, "unsupported mount type"},
		{"unknown flag", "FROM alpine:3.20\nCOPY --bogus=1 a /b\n", 2, dockerfile.ErrSyntax, "unknown flag: --bogus"},
		{"COPY without destination", "FROM alpine:3.20\nCOPY a\n", 2, dockerfile.ErrSyntax, "COPY requires at least two arguments"},
		{"line too long", "FROM alpine:3.20\nRUN echo " + strings.Repeat("x", 70000) + "\n", 2, dockerfile.ErrSyntax, "dockerfile line greater than max allowed size"},
		{"too large", "FROM alpine:3.20\n" + strings.Repeat("# padding\n", dockerfile.DefaultMaxFileSize/10), 0, inputs.ErrTooLarge, "file too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := safeDecode("app/Dockerfile", []byte(tt.text))
			if err == nil {
				t.Fatal("Decode succeeded, want an error")
			}
			checkError(t, err, "app/Dockerfile")
			var se *inputs.SourceError
			errors.As(err, &se)
			if se.Pos.Line != tt.line {
				t.Errorf("line %d, want %d (%v)", se.Pos.Line, tt.line, err)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
		})
	}
}

func TestBase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want string // JSON of the last stage's base
	}{
		{"tag", "FROM nginx:1.27\n",
			`{"digest":null,"ref":"nginx:1.27","registry":"docker.io","repository":"library/nginx","scratch":false,"stage":false,"stage_index":null,"tag":"1.27","unresolved":[],"written":"nginx:1.27"}`},
		{"no tag", "FROM ubuntu\n",
			`{"digest":null,"ref":"ubuntu","registry":"docker.io","repository":"library/ubuntu","scratch":false,"stage":false,"stage_index":null,"tag":null,"unresolved":[],"written":"ubuntu"}`},
		{"digest and registry", "FROM ghcr.io/org/app:2.0@sha256:" + strings.Repeat("a", 64) + "\n",
			`{"digest":"sha256:` + strings.Repeat("a", 64) + `","ref":"ghcr.io/org/app:2.0@sha256:` + strings.Repeat("a", 64) + `","registry":"ghcr.io","repository":"org/app","scratch":false,"stage":false,"stage_index":null,"tag":"2.0","unresolved":[],"written":"ghcr.io/org/app:2.0@sha256:` + strings.Repeat("a", 64) + `"}`},
		{"ARG default", "ARG REG=registry.example.com:5000\nARG TAG=3.20\nFROM ${REG}/alpine:$TAG\n",
			`{"digest":null,"ref":"registry.example.com:5000/alpine:3.20","registry":"registry.example.com:5000","repository":"alpine","scratch":false,"stage":false,"stage_index":null,"tag":"3.20","unresolved":[],"written":"${REG}/alpine:$TAG"}`},
		{"ARG default from ARG", "ARG V=1.22\nARG IMG=golang:${V}\nFROM $IMG\n",
			`{"digest":null,"ref":"golang:1.22","registry":"docker.io","repository":"library/golang","scratch":false,"stage":false,"stage_index":null,"tag":"1.22","unresolved":[],"written":"$IMG"}`},
		{"ARG default fallback", "FROM alpine:${V:-3.19}\n",
			`{"digest":null,"ref":"alpine:3.19","registry":"docker.io","repository":"library/alpine","scratch":false,"stage":false,"stage_index":null,"tag":"3.19","unresolved":["V"],"written":"alpine:${V:-3.19}"}`},
		{"ARG without value", "ARG TAG\nFROM alpine:${TAG}\n",
			`{"digest":null,"ref":"alpine:${TAG}","registry":"docker.io","repository":"library/alpine","scratch":false,"stage":false,"stage_index":null,"tag":"${TAG}","unresolved":["TAG"],"written":"alpine:${TAG}"}`},
		{"stage ARG does not reach FROM", "FROM alpine:3.20 AS a\nARG T=x\nFROM alpine:$T\n",
			`{"digest":null,"ref":"alpine:$T","registry":"docker.io","repository":"library/alpine","scratch":false,"stage":false,"stage_index":null,"tag":"$T","unresolved":["T"],"written":"alpine:$T"}`},
		{"scratch", "FROM scratch\n",
			`{"digest":null,"ref":"scratch","registry":null,"repository":null,"scratch":true,"stage":false,"stage_index":null,"tag":null,"unresolved":[],"written":"scratch"}`},
		{"stage alias any case", "FROM alpine:3.20 AS Builder\nFROM builder\n",
			`{"digest":null,"ref":"builder","registry":null,"repository":null,"scratch":false,"stage":true,"stage_index":0,"tag":null,"unresolved":[],"written":"builder"}`},
		{"later stage is an image", "FROM node AS app\nFROM app:1.0\n",
			`{"digest":null,"ref":"app:1.0","registry":"docker.io","repository":"library/app","scratch":false,"stage":false,"stage_index":null,"tag":"1.0","unresolved":[],"written":"app:1.0"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := decode(t, tt.text)
			stages := get(t, doc.Value, "dockerfile", "stages").([]any)
			got := jsonOf(t, get(t, stages[len(stages)-1], "base"))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("base (-want +got):\n%s", diff)
			}
		})
	}
}

// TestContainerView checks the image-level container of a Dockerfile:
// only fields a Dockerfile can express, null when it leaves them unset,
// and the final image followed through the stages it is built from.
func TestContainerView(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want string // JSON of selected container fields
	}{
		{"nothing set", "FROM debian:12\nRUN true\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":null,"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":null}`},
		{"user, healthcheck, ports", "FROM debian:12\nUSER root\nUSER 10001:10001\nEXPOSE 80 53/udp\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":["53/udp","80/tcp"],"healthcheck":{"disabled":false,"test":["CMD-SHELL","curl -f http://localhost/ || exit 1"]},"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":"10001:10001"}`},
		{"healthcheck disabled", "FROM debian:12\nHEALTHCHECK NONE\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":{"disabled":true,"test":["NONE"]},"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":null}`},
		{"inherited through stages", "FROM python:3.12-slim AS base\nENV APP_HOME=/app\nUSER app\nFROM base AS final\nARG V=1\nLABEL version=$V\nCMD python -m app\n",
			`{"command":["/bin/sh","-c","python -m app"],"entrypoint":null,"environment":[{"name":"APP_HOME","secret_like":false,"value":"/app","value_kind":"literal"}],"exposed_ports":[],"healthcheck":null,"image":{"digest":null,"ref":"python:3.12-slim","registry":"docker.io","repository":"library/python","tag":"3.12-slim"},"labels":{"version":"1"},"user":"app"}`},
		{"ARG in USER", "FROM debian:12\nARG UID=10001\nUSER ${UID}:${UID}\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":null,"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":"10001:10001"}`},
		{"ARG without value in USER", "FROM debian:12\nARG UID\nUSER $UID\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":null,"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":"$UID"}`},
		{"ENTRYPOINT resets the inherited CMD", "FROM debian:12 AS a\nCMD [\"--help\"]\nFROM a\nENTRYPOINT [\"/bin/app\"]\n",
			`{"command":null,"entrypoint":["/bin/app"],"environment":[],"exposed_ports":[],"healthcheck":null,"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":null}`},
		{"SHELL applies to shell-form CMD", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nCMD run.sh\n",
			`{"command":["/bin/bash","-o","pipefail","-c","run.sh"],"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":null,"image":{"digest":null,"ref":"debian:12","registry":"docker.io","repository":"library/debian","tag":"12"},"labels":{},"user":null}`},
		{"base from a build argument only", "ARG BASE\nFROM ${BASE}\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":null,"image":null,"labels":{},"user":null}`},
		{"scratch has no image", "FROM golang:1.23 AS b\nFROM scratch\nCOPY --from=b /app /app\n",
			`{"command":null,"entrypoint":null,"environment":[],"exposed_ports":[],"healthcheck":null,"image":null,"labels":{},"user":null}`},
	}
	// the fields the container view has; every other Container field is
	// absent (a Dockerfile cannot express it)
	keys := []string{"command", "entrypoint", "environment", "exposed_ports", "healthcheck", "image", "labels", "name", "origin", "user"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := decode(t, tt.text)
			cs := doc.Containers()
			if len(cs) != 1 {
				t.Fatalf("%d containers, want 1", len(cs))
			}
			c := cs[0]
			var got []string
			for k := range c {
				got = append(got, k)
			}
			sort.Strings(got)
			if diff := cmp.Diff(keys, got); diff != "" {
				t.Errorf("container keys (-want +got):\n%s", diff)
			}
			sel := map[string]any{}
			for k, v := range c {
				if k != "name" && k != "origin" {
					sel[k] = v
				}
			}
			if diff := cmp.Diff(tt.want, jsonOf(t, sel)); diff != "" {
				t.Errorf("container (-want +got):\n%s", diff)
			}
			if o := jsonOf(t, c["origin"]); !strings.HasPrefix(o, `{"file":"Dockerfile","kind":"image","line":`) {
				t.Errorf("origin %s", o)
			}
			if got := inputs.ContainerKind(doc.Kind(), c); got != inputs.KindImage {
				t.Errorf("ContainerKind = %q, want image", got)
			}
		})
	}
}

func TestInstructions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want string // JSON of the first stage's last instruction, keys in order
	}{
		{"RUN secret mount and continuation", "FROM alpine:3.20\nRUN --mount=type=secret,id=npm,target=/root/.npmrc,required \\\n    --network=none \\\n    npm ci\n",
			`{"args":["npm ci"],"cmd":"RUN","end_line":4,"flags":["--mount=type=secret,id=npm,target=/root/.npmrc,required","--network=none"],"heredocs":[],"json_form":false,"line":2,"mounts":[{"env":null,"from":null,"id":"npm","read_only":true,"required":true,"source":null,"target":"/root/.npmrc","type":"secret"}],"network":"none","script":"npm ci","security":"sandbox"}`},
		{"RUN exec form", "FROM alpine:3.20\nRUN [\"sh\", \"-c\", \"echo hi\"]\n",
			`{"args":["sh","-c","echo hi"],"cmd":"RUN","end_line":2,"flags":[],"heredocs":[],"json_form":true,"line":2,"mounts":[],"network":"default","script":"sh -c echo hi","security":"sandbox"}`},
		{"RUN heredoc", "FROM alpine:3.20\nRUN <<-EOT bash\n\tset -e\n\tapk add curl\n\tEOT\n",
			`{"args":["<<-EOT bash"],"cmd":"RUN","end_line":5,"flags":[],"heredocs":[{"content":"\tset -e\n\tapk add curl\n","expand":true,"name":"EOT"}],"json_form":false,"line":2,"mounts":[],"network":"default","script":"<<-EOT bash\n\tset -e\n\tapk add curl\n","security":"sandbox"}`},
		{"COPY flags", "FROM alpine:3.20\nCOPY --from=build --chown=app:app --chmod=0755 a b /dst/\n",
			`{"args":["a","b","/dst/"],"chmod":"0755","chown":"app:app","cmd":"COPY","dest":"/dst/","end_line":2,"flags":["--from=build","--chown=app:app","--chmod=0755"],"from":"build","heredocs":[],"json_form":false,"line":2,"sources":["a","b"]}`},
		{"ADD URL with password", "FROM alpine:3.20\nADD https://user:hunter2hunter2@example.com/a.tgz /tmp/\n",
			`{"args":["https://user:<redacted>@example.com/a.tgz","/tmp/"],"chmod":null,"chown":null,"cmd":"ADD","dest":"/tmp/","end_line":2,"flags":[],"heredocs":[],"json_form":false,"line":2,"sources":["https://user:<redacted>@example.com/a.tgz"]}`},
		{"ENV forms", "FROM alpine:3.20\nENV A=1 B=\"two words\" C=\n",
			`{"args":["A=1","B=two words","C="],"cmd":"ENV","end_line":2,"flags":[],"json_form":false,"line":2,"vars":[{"name":"A","secret_like":false,"value":"1","value_kind":"literal"},{"name":"B","secret_like":false,"value":"two words","value_kind":"literal"},{"name":"C","secret_like":false,"value":"","value_kind":"empty"}]}`},
		{"ENV legacy form", "FROM alpine:3.20\nENV GREETING hello world\n",
			`{"args":["GREETING=hello world"],"cmd":"ENV","end_line":2,"flags":[],"json_form":false,"line":2,"vars":[{"name":"GREETING","secret_like":false,"value":"hello world","value_kind":"literal"}]}`},
		{"ENV from ARG", "FROM alpine:3.20\nARG V=1.2\nARG TOKEN\nENV VERSION=$V AUTH=$TOKEN\n",
			`{"args":["VERSION=1.2","AUTH=<redacted>"],"cmd":"ENV","end_line":4,"flags":[],"json_form":false,"line":4,"vars":[{"name":"VERSION","secret_like":false,"value":"1.2","value_kind":"literal"},{"name":"AUTH","secret_like":true,"value_kind":"interpolated"}]}`},
		{"ARG forms", "FROM alpine:3.20\nARG A B=2 API_KEY=abc\n",
			`{"args":["A","B=2","API_KEY=<redacted>"],"cmd":"ARG","end_line":2,"flags":[],"json_form":false,"line":2,"vars":[{"name":"A","secret_like":false,"value_kind":"passthrough"},{"name":"B","secret_like":false,"value":"2","value_kind":"literal"},{"name":"API_KEY","secret_like":true,"value_kind":"literal"}]}`},
		{"WORKDIR and USER expanded", "FROM alpine:3.20\nENV HOME=/home/app\nWORKDIR $HOME/src\n",
			`{"args":["$HOME/src"],"cmd":"WORKDIR","end_line":3,"flags":[],"json_form":false,"line":3,"path":"/home/app/src"}`},
		{"ONBUILD", "FROM alpine:3.20\nONBUILD RUN echo built\n",
			`{"args":["RUN","echo built"],"cmd":"ONBUILD","end_line":2,"flags":[],"json_form":false,"line":2,"trigger":{"args":["echo built"],"cmd":"RUN","end_line":2,"flags":[],"heredocs":[],"json_form":false,"line":2,"mounts":[],"network":"default","script":"echo built","security":"sandbox"}}`},
		{"lower-case instruction", "from alpine:3.20\nrun echo hi\n",
			`{"args":["echo hi"],"cmd":"RUN","end_line":2,"flags":[],"heredocs":[],"json_form":false,"line":2,"mounts":[],"network":"default","script":"echo hi","security":"sandbox"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := decode(t, tt.text)
			ins := get(t, doc.Value, "dockerfile", "stages", 0, "instructions").([]any)
			got := jsonOf(t, ins[len(ins)-1])
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("instruction (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRedaction: secret-looking words of commands are replaced where they
// are, so rules still read the commands.
func TestRedaction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		run  string
		want string
	}{
		{"echo --password=PLANTED1 --token PLANTED2", "echo --password=<redacted> --token <redacted>"},
		{"aws configure set aws_access_key_id PLANTED3", "aws configure set aws_access_key_id <redacted>"},
		{"API_TOKEN=PLANTED4 ./deploy.sh", "API_TOKEN=<redacted> ./deploy.sh"},
		{"docker login -u me -p PLANTED5 ghcr.io", "docker login -u me -p <redacted> ghcr.io"},
		{"az login --service-principal -u app -p 'PLANTED 6' -t tenant", "az login --service-principal -u app -p <redacted> -t tenant"},
		{"doctl auth init -t PLANTED7", "doctl auth init -t <redacted>"},
		{"mysql -uroot -pPLANTED8 db", "mysql -uroot -p<redacted> db"},
		{"useradd -m -p PLANTED9 app", "useradd -m -p <redacted> app"},
		{`echo "app:PLANTED10" | chpasswd`, "echo <redacted> | chpasswd"},
		{"curl -u admin:PLANTED11 https://x", "curl -u <redacted> https://x"},
		{"git clone https://bot:PLANTED12@github.com/o/r.git", "git clone https://bot:<redacted>@github.com/o/r.git"},
		{"echo ghp_" + strings.Repeat("a", 36) + " > /tmp/t", "echo <redacted> > /tmp/t"},
		{"npm config set //npm.example.com/:_authToken PLANTED13", "npm config set //npm.example.com/:_authToken <redacted>"},
		// words that are not secrets stay
		{`adduser --disabled-password --gecos "" app`, `adduser --disabled-password --gecos "" app`},
		{"apt-get install -y libsecret-1-dev passwd && mkdir -p /run/secrets/token", "apt-get install -y libsecret-1-dev passwd && mkdir -p /run/secrets/token"},
		{"cat /run/secrets/token | docker login -u me --password-stdin", "cat /run/secrets/token | docker login -u me --password-stdin"},
		{"chown app:app /srv # a comment with password x", "chown app:app /srv # a comment with password x"},
	}
	for _, tt := range tests {
		t.Run(tt.run, func(t *testing.T) {
			t.Parallel()
			doc := decode(t, "FROM alpine:3.20\nRUN "+tt.run+"\n")
			got := get(t, doc.Value, "dockerfile", "stages", 0, "instructions", 0, "args", 0)
			if got != tt.want {
				t.Errorf("RUN %s\n got %q\nwant %q", tt.run, got, tt.want)
			}
			if strings.Contains(jsonOf(t, doc.Value), "PLANTED") {
				t.Errorf("a planted secret reached the document: %s", jsonOf(t, doc.Value))
			}
		})
	}
}

// TestSecretsNeverInDocument: no planted secret of the secrets fixture
// reaches the document, its provenance or its warnings.
func TestSecretsNeverInDocument(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "secrets.Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "PLANTED-"); n < 15 {
		t.Fatalf("fixture has %d planted secrets, want 15", n)
	}
	doc, err := dockerfile.Decode("secrets.Dockerfile", data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal([]any{doc.Value, doc.Provenance, doc.Warnings})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "PLANTED") || strings.Contains(string(out), "npm_abcdef") {
		t.Errorf("a secret reached the document:\n%s", out)
	}
}

func TestProvenance(t *testing.T) {
	t.Parallel()
	doc, err := dockerfile.Decode("multistage.Dockerfile", mustRead(t, "multistage.Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want string
	}{
		{"dockerfile.syntax", "multistage.Dockerfile:1"},
		{"dockerfile.args[1]", "multistage.Dockerfile:5"},
		{"dockerfile.stages[0]", "multistage.Dockerfile:6"},
		{"dockerfile.stages[0].base", "multistage.Dockerfile:6"},
		{"dockerfile.stages[0].instructions[2]", "multistage.Dockerfile:10"},
		{"dockerfile.stages[0].instructions[2].mounts[0]", "multistage.Dockerfile:10"},
		{"dockerfile.stages[1].instructions[0]", "multistage.Dockerfile:20"},
		{"dockerfile.final.user", "multistage.Dockerfile:28"},
		{"containers[0]", "multistage.Dockerfile:23"},
		{"containers[0].user", "multistage.Dockerfile:28"},
		{"containers[0].healthcheck", "multistage.Dockerfile:29"},
		{"containers[0].exposed_ports[1]", "multistage.Dockerfile:27"},
		{"containers[0].image", "multistage.Dockerfile:23"},
		{"containers[0].entrypoint", "multistage.Dockerfile:30"},
	}
	for _, tt := range tests {
		pos, ok := doc.Provenance.Lookup(tt.path)
		if !ok || pos.String() != tt.want {
			t.Errorf("%s: %v (%v), want %s", tt.path, pos, ok, tt.want)
		}
	}
}

func TestDirectivesAndWarnings(t *testing.T) {
	t.Parallel()
	doc := decode(t, "\xEF\xBB\xBF# syntax=docker/dockerfile:1.10\n# check=error=true\nFROM alpine:3.20\nRUN apk add \\\n\n    curl\n")
	if got := get(t, doc.Value, "dockerfile", "syntax"); got != "docker/dockerfile:1.10" {
		t.Errorf("syntax %v", got)
	}
	if got := get(t, doc.Value, "dockerfile", "escape"); got != `\` {
		t.Errorf("escape %v", got)
	}
	if len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0].String(), "Dockerfile:6: warning: Empty continuation line") {
		t.Errorf("warnings %v, want one about the empty continuation line", doc.Warnings)
	}
	doc = decode(t, "FROM alpine:3.20\n")
	if got := get(t, doc.Value, "dockerfile", "syntax"); got != nil {
		t.Errorf("syntax %v, want null", got)
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
