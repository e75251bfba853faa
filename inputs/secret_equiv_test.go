package inputs_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs"
)

// The secret checks were made cheaper (literal pre-checks before the
// regexps, no allocation per call); these tests hold them to the
// reference copy in secret_ref_test.go, which is the code as it was, on
// every string of the fixtures and the shared corpus, a table of edge
// cases and FuzzSecretEquivalence.

// checkSecretEquivalence compares every secret function, old and new, on
// s used as a name, a value and an argument list (split at blanks), and
// on name/value pairs of s with names.
func checkSecretEquivalence(t *testing.T, s string, names ...string) {
	t.Helper()
	if got, want := inputs.SecretName(s), refSecretName(s); got != want {
		t.Errorf("SecretName(%q) = %v, reference %v", s, got, want)
	}
	if got, want := inputs.SecretValue(s), refSecretValue(s); got != want {
		t.Errorf("SecretValue(%q) = %v, reference %v", s, got, want)
	}
	for _, n := range append(names, "", s, "PASSWORD", "com.example.team") {
		if got, want := inputs.SecretLike(n, s), refSecretLike(n, s); got != want {
			t.Errorf("SecretLike(%q, %q) = %v, reference %v", n, s, got, want)
		}
		if got, want := inputs.RedactValue(n, s), refRedactValue(n, s); got != want {
			t.Errorf("RedactValue(%q, %q) = %q, reference %q", n, s, got, want)
		}
	}
	for _, args := range [][]string{{s}, strings.Fields(s), strings.Split(s, " "), {"--password", s}, {s, s}} {
		want := refRedactArgs(args)
		if got := inputs.RedactArgs(args); !slices.Equal(got, want) {
			t.Errorf("RedactArgs(%q) = %q, reference %q", args, got, want)
		}
		if got := inputs.RedactArgList(args); !slices.Equal(got, inputs.StringList(want)) {
			t.Errorf("RedactArgList(%q) = %q, reference %q", args, got, want)
		}
	}
}

// secretEdgeCases are strings near the edges of the literal pre-checks:
// literals cut short, in another case, beside non-ASCII letters that
// case-insensitive regexps fold to ASCII ones (the Kelvin sign K and the
// long s ſ), secrets of every shape.
var secretEdgeCases = []string{
	"", " ", "a", "1234567", "12345678", "production", "UTC", "true", "TRUE", " None ", `"0"`, "'off'", "NULL", "nil", "\"none\"",
	"<your-API-Key>", "<x>y<z>", "<>", "<a>", "changeme", "ﬀ", "İ", "ToKeN", "\u212a",
	"postgres://user:PLANTED2@db/x", "redis://:hunter22@cache:6379/0", "https://user@example.com/path", "https://example.com/a:b@c",
	"://@", "a://b:c@", "a://b:c", "a:/b:c@d", "x://u:p@h and more", "@ x://u:p", "x://u:p\n@h",
	"-----BEGIN RSA PRIVATE KEY-----\nMIIE", "-----BEGIN PRIVATE KEY", "-----BEGIN  PRIVATE KEY", "----BEGIN PRIVATE KEY", "-----begin private key",
	"ghp_" + strings.Repeat("a1B2", 9), "ghp_" + strings.Repeat("a", 19), "xghp_" + strings.Repeat("a", 20), "gho_" + strings.Repeat("Z", 20), "ghq_" + strings.Repeat("a", 20),
	"github_pat_" + strings.Repeat("x", 30), "github_pat_" + strings.Repeat("x", 19), "glpat-" + strings.Repeat("y", 20), "GLPAT-" + strings.Repeat("y", 20),
	"xoxb-123456789012-abcdef", "xoxz-123456789012-abcdef", "xox-1234567890", "XOXB-123456789012",
	"AKIA" + strings.Repeat("A", 16), "ASIA" + strings.Repeat("7", 16), "AKIA" + strings.Repeat("A", 17), "akia" + strings.Repeat("A", 16), "xAKIA" + strings.Repeat("A", 16),
	"sk_live_" + strings.Repeat("z", 24), "rk_test_" + strings.Repeat("z", 16), "sk_live_" + strings.Repeat("z", 15), "pk_live_" + strings.Repeat("z", 24), "SK_LIVE_" + strings.Repeat("z", 24),
	"AIza" + strings.Repeat("0", 35), "AIza" + strings.Repeat("0", 34), "npm_" + strings.Repeat("a", 36), "npm_" + strings.Repeat("a", 35),
	"SG." + strings.Repeat("a", 16) + "." + strings.Repeat("b", 16), "SG." + strings.Repeat("a", 16) + "." + strings.Repeat("b", 15), "sg." + strings.Repeat("a", 16) + "." + strings.Repeat("b", 16),
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0", "EYJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig",
	"Bearer abcdefghijklmnopqrstuvwxyz", "bearer abcdefghijklmnop", "BEARER\tabcdefghijklmnop", "Basic dXNlcjpwYXNzd29yZA==", "token abcdefghijklmnop", "TOKEN abcdefghijklmno",
	"to\u212aen abcdefghijklmnop", "ba\u017fic abcdefghijklmnop", "Bearer \u212aabcdefghijklmnop", "Bearer abcdefgh\u017fijklmnopq", "xBearer abcdefghijklmnop", "é token abcdefghijklmnop",
	"bearer", "basic auth", "tokens are fine", "\xff\xfe token abcdefghijklmnop", "\xffbearer abcdefghijklmnopq",
	"PASSWORD", "POSTGRES_PASSWORD", "db.password", "dbPassword", "x-api-key", "SSH_PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "traefik.http.middlewares.auth.basicauth.users",
	"POSTGRES_PASSWORD_FILE", "_FILE", "FILE", "X__FILE", "PASSWORD__FILE", "PASSWORD-FILE", "TOKEN_TTL", "AUTH_ENABLED", "PWD", "PASSPORT_NUMBER", "AUTHOR",
	"REDIS_AUTH", "AUTH", "AUTH_", "AUTH__", "AUTH.-_", "_AUTH", "AUTH_X", "auth", "HTTP_BASIC_AUTH", "GF_AUTH_DISABLE_LOGIN_FORM", "MYSQL_ALLOW_EMPTY_PASSWORD",
	"API_KEY", "API__KEY", "API-KEY", "API.KEY", "api_key", "KEY_API", "ROOT_PASSWORD", "root-password", "X_ROOT__PASSWORD", "ROOT", "KEY",
	"TOKENIZERS_PARALLELISM", "TOKTOKENIZEREN", "PASSTOKENIZERWORD", "TOKENIZER", "TOKENIZERTOKEN",
	"paſſword", "PAſSWORD", "\u212aEY", "API_\u212aEY", "ſecret", "ＰＡＳＳＷＯＲＤ", "pass\xffword", "\xff", "\u00e9_PASSWORD",
	strings.Repeat("A", 63) + "_PASSWORD", strings.Repeat("a", 64), strings.Repeat("a", 65) + "_token", strings.Repeat("x", 200) + "_FILE",
	"--password=PLANTED3", "--api-token", "-secret=x", "--db-password=x", "PGPASSWORD=x", "--password-file=/run/secrets/x", "--token", "-g", "--config",
	"--Api_Key=x", "--private-key", "--PRIVATE_KEY=", "--credentials", "--credential=x", "--passwd", "--pass", "--ke\u212a=x", "--\u017fecret=x", "-—password=x",
	"---password=x", "-password", "--password=a=b", "--x=password", "=x", "PASSWORD=", "-PASSWORD=x", "a=b=c",
	"addr=fs,username=svc,password=PLANTED-CIFS", "bind,ro", "addr=10.0.0.1,vers=4", "password=,token=x", ",,=,", "password=x,", ",password=x", "PASSWORD", "a=b,c",
}

// secretNameWords build names: every part of the name tables in upper
// and lower case, joined by each separator.
var secretNameWords = []string{"PASSWORD", "PASS", "PWD", "SECRET", "TOKEN", "API", "KEY", "AUTH", "ROOT", "PRIVATE", "SSH", "DB", "FILE", "NAME", "TOKENIZER", "ALLOW", "EMPTY", "URL", "PATH", "X"}

func TestSecretEquivalenceTable(t *testing.T) {
	t.Parallel()
	for _, s := range secretEdgeCases {
		checkSecretEquivalence(t, s, secretEdgeCases[:8]...)
		checkSecretEquivalence(t, " "+s+" ")
		checkSecretEquivalence(t, strings.ToLower(s))
		checkSecretEquivalence(t, strings.ToUpper(s))
		checkSecretEquivalence(t, "prefix "+s+" suffix")
	}
	for _, a := range secretNameWords {
		for _, b := range secretNameWords {
			for _, sep := range []string{"_", "-", ".", "__", "", "_-"} {
				for _, n := range []string{a + sep + b, strings.ToLower(a) + sep + b, "X_" + a + sep + b, a + sep + b + sep, a + sep + b + "_Z"} {
					if got, want := inputs.SecretName(n), refSecretName(n); got != want {
						t.Errorf("SecretName(%q) = %v, reference %v", n, got, want)
					}
				}
			}
		}
	}
}

// corpusRoots hold the fixtures and the shared corpus, relative to this
// package.
var corpusRoots = []string{"..", filepath.Join("..", "..", "shared", "corpus")}

var (
	jsonString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	pairSep    = regexp.MustCompile(`[=:]`)
)

// fixtureStrings reads every test fixture and corpus file as text and
// returns its lines, their blank-separated tokens, the JSON strings and
// the two sides of each key=value, key: value or "key": "value".
func fixtureStrings(t *testing.T) (strs []string, pairs [][2]string) {
	t.Helper()
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			strs = append(strs, s)
		}
	}
	addPair := func(k, v string) {
		pairs = append(pairs, [2]string{k, v}, [2]string{strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"',`)})
	}
	files := 0
	for _, root := range corpusRoots {
		if _, err := os.Stat(root); err != nil {
			t.Logf("skip %s: %v", root, err)
			continue
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == ".git" || d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			// in the repository, the fixtures (testdata) and examples
			if root == ".." && !strings.Contains(path, "testdata") && !strings.Contains(path, "examples") {
				return nil
			}
			info, err := d.Info()
			if err != nil || info.Size() > 4<<20 {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			for _, line := range strings.Split(string(data), "\n") {
				add(line)
				add(strings.TrimSpace(line))
				for _, f := range strings.Fields(line) {
					add(f)
					add(strings.Trim(f, `"',[]{}`))
				}
				for _, q := range jsonString.FindAllString(line, -1) {
					var s string
					if json.Unmarshal([]byte(q), &s) == nil {
						add(s)
						if k, v, ok := strings.Cut(s, "="); ok {
							addPair(k, v)
						}
					}
				}
				if loc := pairSep.FindStringIndex(line); loc != nil {
					k, v := line[:loc[0]], line[loc[1]:]
					add(k)
					add(v)
					addPair(strings.Trim(strings.TrimSpace(k), `"'- `), v)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 300 {
		t.Fatalf("read %d fixture files, want the fixtures and the shared corpus", files)
	}
	t.Logf("%d files, %d strings, %d pairs", files, len(strs), len(pairs))
	return strs, pairs
}

func TestSecretEquivalenceCorpus(t *testing.T) {
	t.Parallel()
	strs, pairs := fixtureStrings(t)
	for _, s := range strs {
		if got, want := inputs.SecretName(s), refSecretName(s); got != want {
			t.Errorf("SecretName(%q) = %v, reference %v", s, got, want)
		}
		if got, want := inputs.RedactValue("", s), refRedactValue("", s); got != want {
			t.Errorf("RedactValue(\"\", %q) = %q, reference %q", s, got, want)
		}
		// RedactArgs checks SecretValue on each argument
		args := strings.Fields(s)
		if len(args) != 1 || args[0] != s {
			args = append(args, s)
		}
		if got, want := inputs.RedactArgs(args), refRedactArgs(args); !slices.Equal(got, want) {
			t.Errorf("RedactArgs(%q) = %q, reference %q", args, got, want)
		}
	}
	for _, p := range pairs {
		if got, want := inputs.RedactValue(p[0], p[1]), refRedactValue(p[0], p[1]); got != want {
			t.Errorf("RedactValue(%q, %q) = %q, reference %q", p[0], p[1], got, want)
		}
		if got, want := inputs.SecretLike(p[0], p[1]), refSecretLike(p[0], p[1]); got != want {
			t.Errorf("SecretLike(%q, %q) = %v, reference %v", p[0], p[1], got, want)
		}
	}
}

// FuzzSecretEquivalence compares the secret checks with the reference on
// any string and name; the seeds are the edge cases.
func FuzzSecretEquivalence(f *testing.F) {
	for i, s := range secretEdgeCases {
		f.Add(secretEdgeCases[(i*7)%len(secretEdgeCases)], s)
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		checkSecretEquivalence(t, value, name)
		checkSecretEquivalence(t, name, value)
		args := []string{name, value, name + "=" + value}
		if got, want := inputs.RedactArgs(args), refRedactArgs(args); !slices.Equal(got, want) {
			t.Errorf("RedactArgs(%q) = %q, reference %q", args, got, want)
		}
	})
}
