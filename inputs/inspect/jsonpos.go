package inspect

import (
	"encoding/json"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/engineapi"
)

// jsonNode is where a value of a JSON text starts, with its members or
// elements: enough to point a finding at the key that set a field.
type jsonNode struct {
	off     int // the member's key, or the element's first byte
	members []jsonMember
	elems   []*jsonNode
}

type jsonMember struct {
	key  string
	node *jsonNode
}

// member returns the node of key as encoding/json resolves it: keys match
// case-insensitively and the last duplicate wins.
func (n *jsonNode) member(key string) *jsonNode {
	for i := len(n.members) - 1; i >= 0; i-- {
		if n.members[i].key == key {
			return n.members[i].node
		}
	}
	for i := len(n.members) - 1; i >= 0; i-- {
		if strings.EqualFold(n.members[i].key, key) {
			return n.members[i].node
		}
	}
	return nil
}

// lookup follows a field path (keys and indexes) from n.
func (n *jsonNode) lookup(f engineapi.Field) *jsonNode {
	for _, seg := range f {
		if n == nil {
			return nil
		}
		switch s := seg.(type) {
		case string:
			n = n.member(s)
		case int:
			if s < 0 || s >= len(n.elems) {
				return nil
			}
			n = n.elems[s]
		default:
			return nil
		}
	}
	return n
}

// indexJSON indexes a JSON text that json.Valid accepted.
func indexJSON(data []byte) *jsonNode {
	s := &jsonScanner{data: data}
	s.space()
	return s.value(s.pos)
}

type jsonScanner struct {
	data []byte
	pos  int
}

func (s *jsonScanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// value scans the value at s.pos; off is where the node is said to start.
func (s *jsonScanner) value(off int) *jsonNode {
	n := &jsonNode{off: off}
	if s.pos >= len(s.data) {
		return n
	}
	switch s.data[s.pos] {
	case '{':
		s.pos++
		for {
			s.space()
			if s.pos >= len(s.data) || s.data[s.pos] == '}' {
				s.pos++
				return n
			}
			if s.data[s.pos] == ',' {
				s.pos++
				continue
			}
			keyOff := s.pos
			key := s.str()
			s.space()
			s.pos++ // ':'
			s.space()
			n.members = append(n.members, jsonMember{key: key, node: s.value(keyOff)})
		}
	case '[':
		s.pos++
		for {
			s.space()
			if s.pos >= len(s.data) || s.data[s.pos] == ']' {
				s.pos++
				return n
			}
			if s.data[s.pos] == ',' {
				s.pos++
				continue
			}
			n.elems = append(n.elems, s.value(s.pos))
		}
	case '"':
		s.str()
	default:
		for s.pos < len(s.data) && !strings.ContainsRune(",]} \t\r\n", rune(s.data[s.pos])) {
			s.pos++
		}
	}
	return n
}

// str scans a string and returns its decoded value.
func (s *jsonScanner) str() string {
	start := s.pos
	s.pos++
	escaped := false
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		s.pos++
		switch {
		case c == '\\':
			escaped = true
			s.pos++
		case c == '"':
			raw := s.data[start:s.pos]
			if !escaped {
				return string(raw[1 : len(raw)-1])
			}
			var out string
			_ = json.Unmarshal(raw, &out)
			return out
		}
	}
	return ""
}

// lines converts byte offsets of a text to positions.
type lines struct {
	file  string
	data  []byte
	start []int // offset of each line's first byte
}

func newLines(file string, data []byte) *lines {
	l := &lines{file: file, data: data, start: []int{0}}
	for i, c := range data {
		if c == '\n' {
			l.start = append(l.start, i+1)
		}
	}
	return l
}

// pos returns the 1-based line and column (in characters) of offset.
func (l *lines) pos(off int) inputs.Position {
	off = max(0, min(off, len(l.data)))
	i := sort.Search(len(l.start), func(i int) bool { return l.start[i] > off }) - 1
	col := utf8.RuneCount(l.data[l.start[i]:off]) + 1
	return inputs.Position{File: l.file, Line: i + 1, Col: col}
}
