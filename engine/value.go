package engine

import (
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
)

// toValue converts a normalised document (map[string]any with primitive
// leaves) to the value ast.InterfaceToValue gives for it, with about half
// the allocations (250 instead of 460 for a container create):
//
//   - a first walk counts the terms, object items and array elements, so
//     that each kind is cut from one block of the right size instead of
//     two or three allocations per object or array;
//   - object keys come from the engine's keyCache: the same schema field
//     names recur in every document, and each would otherwise be boxed
//     anew.
//
// Scalars are converted exactly as ast.InterfaceToValue converts them
// (interned booleans, small integers and common strings; json.Number
// checked; float64 in its shortest 'g' form), and objects are built by
// ast.NewObject from the same items in the same (map) order; any other Go
// type (a struct, a typed map or slice, an ast.Value) is handed to
// ast.InterfaceToValue whole. value_test.go holds it to that.
func toValue(x any, keys *keyCache) (ast.Value, error) {
	var n counts
	n.count(x)
	b := builder{
		keys:  keys,
		terms: make([]ast.Term, n.terms),
		items: make([][2]*ast.Term, n.items),
		elems: make([]*ast.Term, n.elems),
	}
	return b.value(x)
}

// counts sizes the blocks a builder cuts from.
type counts struct {
	terms int // one per object key, object value and array element
	items int // object key/value pairs
	elems int // array elements
}

func (n *counts) count(x any) {
	switch x := x.(type) {
	case map[string]any:
		n.terms += 2 * len(x)
		n.items += len(x)
		for _, v := range x {
			n.count(v)
		}
	case []any:
		n.terms += len(x)
		n.elems += len(x)
		for _, v := range x {
			n.count(v)
		}
	}
}

// builder hands out terms and slices from the blocks. Every slice it
// gives OPA is capped (s[i:j:j]), so an append to one never writes into
// its neighbour's part of a block.
type builder struct {
	keys  *keyCache
	terms []ast.Term
	items [][2]*ast.Term
	elems []*ast.Term
}

func (b *builder) term(v ast.Value) *ast.Term {
	t := &b.terms[0]
	b.terms = b.terms[1:]
	t.Value = v
	return t
}

func (b *builder) value(x any) (ast.Value, error) {
	switch x := x.(type) {
	case nil:
		return ast.NullValue, nil
	case bool:
		return ast.InternedValue(x), nil
	case string:
		return ast.InternedValue(x), nil
	case json.Number:
		if t := ast.InternedIntNumberTermFromString(string(x)); t != nil {
			return t.Value, nil
		}
		return ast.NumberChecked(string(x))
	case float64:
		return ast.Number(strconv.FormatFloat(x, 'g', -1, 64)), nil
	case int:
		return ast.InternedValue(x), nil
	case int64:
		return ast.InternedValue(x), nil
	case uint64:
		return ast.InternedValue(x), nil
	case []any:
		n := len(x)
		elems := b.elems[:n:n]
		b.elems = b.elems[n:]
		for i, e := range x {
			v, err := b.value(e)
			if err != nil {
				return nil, err
			}
			elems[i] = b.term(v)
		}
		return ast.NewArray(elems...), nil
	case map[string]any:
		n := len(x)
		items := b.items[:n:n]
		b.items = b.items[n:]
		i := 0
		for k, e := range x {
			v, err := b.value(e)
			if err != nil {
				return nil, err
			}
			items[i] = [2]*ast.Term{b.term(b.keys.value(k)), b.term(v)}
			i++
		}
		return ast.NewObject(items...), nil
	}
	return ast.InterfaceToValue(x)
}

// keyCache holds the String values of the object keys an engine has
// seen, at most maxCachedKeys keys of at most maxCachedKeyLen bytes; each
// Engine has its own (no state outlives it). Keys a request chooses
// (labels, headers, query parameters) fill it at worst to its bound,
// after which new keys are boxed per document as ast.InterfaceToValue
// boxes them. A Value is immutable, so one is shared by every document
// safely.
type keyCache struct {
	m sync.Map // string -> ast.Value
	n atomic.Int64
}

const (
	maxCachedKeys   = 4096
	maxCachedKeyLen = 64
)

func (c *keyCache) value(k string) ast.Value {
	if v, ok := c.m.Load(k); ok {
		return v.(ast.Value)
	}
	v := ast.InternedValue(k)
	if len(k) > maxCachedKeyLen || c.n.Load() >= maxCachedKeys {
		return v
	}
	// reserve a place first, so racing stores never pass the bound
	if c.n.Add(1) > maxCachedKeys {
		c.n.Add(-1)
		return v
	}
	if _, loaded := c.m.LoadOrStore(k, v); loaded {
		c.n.Add(-1)
	}
	return v
}
