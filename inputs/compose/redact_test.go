package compose_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs/compose"
)

// TestSecretsInFreeText: a secret that reaches a free-text field by
// interpolation, or repeated from a secret-named key, is scrubbed from
// the document; structural fields that merely share the text are not.
func TestSecretsInFreeText(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{
		".env": "DB_PASSWORD=PLANTED-dotenv-Zq9x\nPOSTGRES_PASSWORD=postgres\n",
		"compose.yaml": `services:
  web:
    image: example/web:1.0.0
    labels:
      x: "${DB_PASSWORD}"
      copied: "PLANTED-literal-Zq9x"
    command: ["run", "--db", "${DB_PASSWORD}"]
    entrypoint: ["sh", "-c", "login admin ${DB_PASSWORD}"]
    healthcheck:
      test: ["CMD", "curl", "-u", "admin:${DB_PASSWORD}", "http://localhost"]
    logging:
      driver: syslog
      options: {tag: "${DB_PASSWORD}"}
    environment:
      API_TOKEN: "PLANTED-literal-Zq9x"
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
`,
	})
	doc := mustLoad(t, dir, []string{"compose.yaml"}, compose.Options{})
	out, err := json.Marshal(doc.Value)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "PLANTED") {
		t.Errorf("a secret reached the document: %s", out)
	}
	v := jsonValue(t, doc.Value)
	for path, want := range map[string]any{
		"containers[1].image.repository":    "library/postgres",
		"containers[0].labels.x":            "<redacted>",
		"containers[0].command[2]":          "<redacted>",
		"containers[0].entrypoint[2]":       "login admin <redacted>",
		"containers[0].healthcheck.test[3]": "admin:<redacted>",
	} {
		if got := get(v, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
}
