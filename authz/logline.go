package authz

import (
	"encoding/json"
	"math"
	"strconv"
)

// appendRecord appends r as json.Marshal encodes it, byte for byte (the
// same keys in the same order, omitempty, HTML-safe string escapes, the
// time in RFC 3339 with nanoseconds, the float as encoding/json writes
// it), without reflection: it runs once per decision on the log writer.
// Whatever it does not handle itself (a string needing \u escapes, a
// time or latency JSON cannot hold) goes to encoding/json, so the line
// and the failures stay encoding/json's. logline_test.go compares the
// two over generated records.
func appendRecord(b []byte, r *Record) ([]byte, error) {
	if math.IsNaN(r.LatencyMS) || math.IsInf(r.LatencyMS, 0) {
		return marshalRecord(b, r)
	}
	b = append(b, `{"decision_id":`...)
	b = appendJSONString(b, r.ID)
	b = append(b, `,"time":"`...)
	b, err := r.Time.AppendText(b)
	if err != nil {
		// Time.MarshalJSON fails on the same times
		return marshalRecord(b, r)
	}
	b = append(b, '"')
	if r.User != "" {
		b = append(b, `,"user":`...)
		b = appendJSONString(b, r.User)
	}
	if r.AuthMethod != "" {
		b = append(b, `,"auth_method":`...)
		b = appendJSONString(b, r.AuthMethod)
	}
	b = append(b, `,"method":`...)
	b = appendJSONString(b, r.Method)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, r.Path)
	if r.APIVersion != "" {
		b = append(b, `,"api_version":`...)
		b = appendJSONString(b, r.APIVersion)
	}
	b = append(b, `,"endpoint":`...)
	b = appendJSONString(b, r.Endpoint)
	b = append(b, `,"allow":`...)
	b = strconv.AppendBool(b, r.Allow)
	b = append(b, `,"audit":`...)
	b = strconv.AppendBool(b, r.Audit)
	if r.WouldDeny {
		b = append(b, `,"would_deny":true`...)
	}
	if r.Failed {
		b = append(b, `,"failed":true`...)
	}
	if r.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendJSONString(b, r.Reason)
	}
	if len(r.Findings) > 0 {
		b = append(b, `,"findings":[`...)
		for i := range r.Findings {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFinding(b, &r.Findings[i])
		}
		b = append(b, ']')
	}
	if r.Revision != "" {
		b = append(b, `,"policy_revision":`...)
		b = appendJSONString(b, r.Revision)
	}
	b = append(b, `,"latency_ms":`...)
	b = appendJSONFloat(b, r.LatencyMS)
	return append(b, '}'), nil
}

func marshalRecord(b []byte, r *Record) ([]byte, error) {
	line, err := json.Marshal(r)
	if err != nil {
		return b, err
	}
	return append(b, line...), nil
}

func appendFinding(b []byte, f *LogFinding) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, f.ID)
	b = append(b, `,"action":`...)
	b = appendJSONString(b, f.Action)
	b = append(b, `,"severity":`...)
	b = appendJSONString(b, f.Severity)
	if f.Container != "" {
		b = append(b, `,"container":`...)
		b = appendJSONString(b, f.Container)
	}
	b = append(b, `,"message":`...)
	b = appendJSONString(b, f.Message)
	if f.Waived {
		b = append(b, `,"waived":true`...)
	}
	return append(b, '}')
}

// appendJSONString quotes s as encoding/json does. Printable ASCII other
// than <, > and & (which encoding/json writes as \u escapes) is copied,
// with \ before " and \; a string holding anything else is left to
// encoding/json whole.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', c)
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat writes a finite float64 as encoding/json's
// floatEncoder does: 'f' form, 'e' form outside [1e-6, 1e21) with a
// one-digit negative exponent unpadded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
