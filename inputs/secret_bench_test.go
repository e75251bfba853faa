package inputs_test

import (
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs"
)

// benchValues are values as the adapters meet them: environment values,
// label values, log options and command arguments of real containers,
// few of them secret.
var benchValues = []string{
	"production", "info", "8080", "UTC", "db.internal", "a,b,c", "payments", "web", "shop", "10m", "3",
	"/usr/local/bin/api", "--config", "/config/api.yaml", "--listen", ":8080",
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "en_US.UTF-8", "https://registry.example.com/v2/",
	"postgres://app@db:5432/app?sslmode=disable", "redis://:hunter22@cache:6379/0", "traefik.http.routers.api.rule=Host(`api.example.com`)",
	"Bearer " + strings.Repeat("x", 24), "ghp_" + strings.Repeat("a1B2", 9), "changeme", "true",
}

var benchNames = []string{
	"APP_ENV", "LOG_LEVEL", "PORT", "TZ", "DB_HOST", "FEATURE_FLAGS", "com.example.team", "com.example.tier",
	"com.docker.compose.project", "max-size", "max-file", "PATH", "LANG", "POSTGRES_PASSWORD", "API_KEY",
	"traefik.http.middlewares.auth.basicauth.users", "AWS_SECRET_ACCESS_KEY", "NODE_OPTIONS", "TOKENIZERS_PARALLELISM",
}

// impls runs a benchmark on the current secret checks and on the
// reference copy (secret_ref_test.go: the code before it was made
// cheaper), so one run compares them.
func impls(b *testing.B, fn func(b *testing.B, ref bool)) {
	for _, ref := range []bool{false, true} {
		name := "impl=new"
		if ref {
			name = "impl=ref"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			fn(b, ref)
		})
	}
}

func BenchmarkSecretValue(b *testing.B) {
	impls(b, func(b *testing.B, ref bool) {
		f := inputs.SecretValue
		if ref {
			f = refSecretValue
		}
		for b.Loop() {
			for _, v := range benchValues {
				f(v)
			}
		}
	})
}

func BenchmarkSecretName(b *testing.B) {
	impls(b, func(b *testing.B, ref bool) {
		f := inputs.SecretName
		if ref {
			f = refSecretName
		}
		for b.Loop() {
			for _, n := range benchNames {
				f(n)
			}
		}
	})
}

func BenchmarkSecretLike(b *testing.B) {
	impls(b, func(b *testing.B, ref bool) {
		f := inputs.SecretLike
		if ref {
			f = refSecretLike
		}
		for b.Loop() {
			for i, n := range benchNames {
				f(n, benchValues[i%len(benchValues)])
			}
		}
	})
}

func BenchmarkRedactArgs(b *testing.B) {
	args := []string{"/usr/local/bin/api", "--config", "/config/api.yaml", "--listen", ":8080", "--db-password", "x", "--api-token=y", "PGPASSWORD=z", "-v"}
	impls(b, func(b *testing.B, ref bool) {
		f := inputs.RedactArgs
		if ref {
			f = refRedactArgs
		}
		for b.Loop() {
			f(args)
		}
	})
}

func BenchmarkRedactValue(b *testing.B) {
	impls(b, func(b *testing.B, ref bool) {
		f := inputs.RedactValue
		if ref {
			f = refRedactValue
		}
		for b.Loop() {
			for i, n := range benchNames {
				f(n, benchValues[i%len(benchValues)])
			}
			f("o", "addr=fs,username=svc,password=PLANTED-CIFS")
			f("o", "addr=10.0.0.1,vers=4")
		}
	})
}
