package authz

// An internal test: appendRecord is unexported, and must write what
// json.Marshal writes.

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"
)

func checkRecordLine(t *testing.T, r Record) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	got, err := appendRecord([]byte("prefix"), &r)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("appendRecord err = %v, json.Marshal err = %v", err, wantErr)
	}
	if err != nil {
		return
	}
	if string(got) != "prefix"+string(want) {
		t.Fatalf("appendRecord:\n%s\njson.Marshal:\n%s", got[len("prefix"):], want)
	}
}

func TestAppendRecord(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 27, 21, 33, 16, 123456789, time.UTC)
	full := Record{ID: "0b9e5c1e-7d0f-4c55-9d8a-6f1f2b3c4d5e", Time: at, User: "alice", AuthMethod: "TLS",
		Method: "POST", Path: "/containers/create", APIVersion: "1.47", Endpoint: "container.create",
		Allow: false, Audit: true, WouldDeny: true, Failed: true, Reason: `DKR-C01: container "web" is privileged; see \docs`,
		Findings: []LogFinding{
			{ID: "DKR-C01", Action: "deny", Severity: "critical", Container: "web", Message: `container "web" is privileged`},
			{ID: "DKR-C18", Action: "warn", Severity: "low", Message: "no healthcheck", Waived: true},
		},
		Revision: "sha256:abc", Latency: 1234 * time.Microsecond, LatencyMS: 1.234}
	tests := map[string]Record{
		"zero":        {},
		"allowed":     {ID: "x", Time: at, Method: "GET", Path: "/_ping", Endpoint: "read", Allow: true, LatencyMS: 0.05},
		"full":        full,
		"empty list":  {Findings: []LogFinding{}},
		"html":        {Reason: "a <b> & c", Path: "/x?a=<script>"},
		"controls":    {Reason: "tab\there\nnew\x00nul\x1f\b\f\r"},
		"unicode":     {Reason: "café ☃ \u2028 \u2029 \U0001F600"},
		"bad utf8":    {Reason: "bad \xff\xfe bytes \xc3"},
		"zone":        {Time: at.In(time.FixedZone("X", -(5*3600 + 30*60)))},
		"local zero":  {Time: time.Time{}},
		"bad year":    {Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"bad zone":    {Time: at.In(time.FixedZone("Y", 24*3600))},
		"small float": {LatencyMS: 1e-7},
		"tiny float":  {LatencyMS: 5e-324},
		"big float":   {LatencyMS: 1e21},
		"neg float":   {LatencyMS: -0.001},
		"whole float": {LatencyMS: 3},
		"nan":         {LatencyMS: math.NaN()},
		"inf":         {LatencyMS: math.Inf(1)},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkRecordLine(t, r)
		})
	}
}

// FuzzAppendRecord: for any strings, flags and numbers, the line is
// json.Marshal's.
func FuzzAppendRecord(f *testing.F) {
	f.Add("POST", "/containers/create", `container "w" <is> privileged`, "web", int64(1764279196123456789), 1.234, true, false)
	f.Add("", "", "\xff\u2028", "", int64(0), 0.0, false, true)
	f.Fuzz(func(t *testing.T, method, path, msg, container string, nanos int64, latency float64, allow, waived bool) {
		r := Record{ID: msg, Time: time.Unix(0, nanos).UTC(), User: container, Method: method, Path: path, APIVersion: msg,
			Endpoint: path, Allow: allow, Audit: waived, WouldDeny: !allow, Failed: waived, Reason: msg, Revision: method,
			LatencyMS: latency}
		if waived {
			r.Findings = []LogFinding{{ID: method, Action: path, Severity: msg, Container: container, Message: msg, Waived: allow}, {}}
		}
		checkRecordLine(t, r)
	})
}

func TestAllowLine(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(Decision{Allow: true}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(allowLine) {
		t.Fatalf("allowLine %q, the encoder writes %q", allowLine, buf.String())
	}
}
