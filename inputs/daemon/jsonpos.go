package daemon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dockpol/dockpol/inputs"
)

// text is a JSON input decoded as dockerd decodes daemon.json: a byte
// order mark selects UTF-8 or UTF-16, the result must be valid UTF-8,
// surrounding white space is ignored.
type text struct {
	data []byte
	// lineStarts are the offsets where each line begins.
	lineStarts []int
}

// newText removes a byte order mark (decoding UTF-16) and checks UTF-8.
func newText(file string, data []byte) (*text, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		data = decodeUTF16(data)
	}
	t := &text{data: data, lineStarts: []int{0}}
	for i, c := range data {
		if c == '\n' {
			t.lineStarts = append(t.lineStarts, i+1)
		}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, &inputs.SourceError{Pos: t.pos(file, off), Err: ErrEncoding}
	}
	return t, nil
}

// decodeUTF16 decodes UTF-16 text with a byte order mark into UTF-8.
func decodeUTF16(data []byte) []byte {
	big := data[0] == 0xFE
	data = data[2:]
	units := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if big {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return []byte(string(utf16.Decode(units)))
}

// pos returns the 1-based line and column (in characters) of offset.
func (t *text) pos(file string, off int) inputs.Position {
	off = max(0, min(off, len(t.data)))
	line := 0
	for line+1 < len(t.lineStarts) && t.lineStarts[line+1] <= off {
		line++
	}
	col := utf8.RuneCount(t.data[t.lineStarts[line]:off]) + 1
	return inputs.Position{File: file, Line: line + 1, Col: col}
}

// empty reports whether the input holds only white space (dockerd reads
// it as an empty configuration).
func (t *text) empty() bool { return len(bytes.TrimSpace(t.data)) == 0 }

// decodeObject decodes the input as one JSON object, strictly: no
// trailing data, numbers kept exact, duplicate keys resolved as Go's
// encoding/json (and so dockerd) resolves them, the last one winning.
// Syntax errors carry the line and column.
func (t *text) decodeObject(file string) (map[string]any, error) {
	var probe any
	if err := json.Unmarshal(t.data, &probe); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off := int(se.Offset) - 1
			if strings.HasPrefix(se.Error(), "unexpected end") {
				off = len(bytes.TrimRight(t.data, " \t\r\n"))
			}
			return nil, &inputs.SourceError{Pos: t.pos(file, off), Err: fmt.Errorf("%w: %s", ErrSyntax, se.Error())}
		}
		return nil, &inputs.SourceError{Pos: inputs.Position{File: file}, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	if _, ok := probe.(map[string]any); !ok {
		start := len(t.data) - len(bytes.TrimLeft(t.data, " \t\r\n"))
		return nil, &inputs.SourceError{Pos: t.pos(file, start), Err: fmt.Errorf("%w: the top level must be a JSON object, not %s", ErrSyntax, jsonType(probe))}
	}
	dec := json.NewDecoder(bytes.NewReader(t.data))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, &inputs.SourceError{Pos: inputs.Position{File: file}, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	return obj, nil
}

// jsonType names the JSON type of a decoded value for messages.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// positions maps the path of every member and element of a valid JSON
// text ("hosts[0]", "log-opts.max-size") to where it starts: an object
// member at its key, an array element at its value. A duplicate key keeps
// the position of the last occurrence, the one that wins.
func (t *text) positions(file string) map[string]inputs.Position {
	out := map[string]inputs.Position{}
	dec := json.NewDecoder(bytes.NewReader(t.data))
	dec.UseNumber()
	start := func(prev int64) int {
		i := int(prev)
		for i < len(t.data) && strings.IndexByte(" \t\r\n,:", t.data[i]) >= 0 {
			i++
		}
		return i
	}
	var walk func(path string) bool
	walk = func(path string) bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return true
		}
		switch d {
		case '{':
			for dec.More() {
				off := start(dec.InputOffset())
				key, err := dec.Token()
				if err != nil {
					return false
				}
				k, _ := key.(string)
				p := inputs.JoinPath(path, k)
				out[p] = t.pos(file, off)
				if !walk(p) {
					return false
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				off := start(dec.InputOffset())
				p := inputs.JoinPath(path, i)
				out[p] = t.pos(file, off)
				if !walk(p) {
					return false
				}
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err == nil || errors.Is(err, io.EOF)
	}
	walk("")
	return out
}
