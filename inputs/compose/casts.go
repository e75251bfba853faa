package compose

import (
	"reflect"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"
)

// usedCasts returns the entries of compose-go's interpolation type-cast
// table (services.*.privileged -> bool, ...) that can apply to the
// project's files: those whose pattern matches the path of a value that
// may decode as a string. compose-go casts only strings, so the other
// entries never fire and leaving them out changes nothing but the time.
//
// Why: compose-go (v2.16.2, interpolation.recursiveInterpolate) looks up
// the cast of every string of every file by matching its path against
// each of the ~100 patterns with tree.Path.Matches, which splits both
// strings on every call: 40% of the CPU of loading a typical file. Most
// files hold no string at a cast path (privileged: true is a YAML bool
// already), so the table usually shrinks to nothing. See
// docs/performance.md.
//
// ok is false when a file compose-go reads was not parsed here (a remote
// include or extends): the full table must stay.
func (s *sources) usedCasts(all map[tree.Path]interpolation.Cast) (used map[tree.Path]interpolation.Cast, ok bool) {
	if len(all) == 0 {
		return all, true
	}
	root := castTrie(all)
	used = map[tree.Path]interpolation.Cast{}
	for _, f := range s.fileOrder {
		if f.refersToRemote() {
			return all, false
		}
		for _, doc := range f.docs {
			root.match(doc, func(p tree.Path) { used[p] = all[p] })
		}
	}
	return used, true
}

// castTrie returns the trie of the patterns of table; the trie of
// compose-go's own table (the one every load hands here) is built once.
func castTrie(table map[tree.Path]interpolation.Cast) *castNode {
	if d := defaultCasts(); reflect.ValueOf(table).UnsafePointer() == reflect.ValueOf(d.table).UnsafePointer() {
		return d.trie
	}
	return newCastTrie(table)
}

// defaultCasts is compose-go's cast table and its trie.
var defaultCasts = sync.OnceValue(func() (d struct {
	table map[tree.Path]interpolation.Cast
	trie  *castNode
}) {
	d.table = loader.ToOptions(&types.ConfigDetails{}, nil).Interpolate.TypeCastMapping
	d.trie = newCastTrie(d.table)
	return d
})

func newCastTrie(table map[tree.Path]interpolation.Cast) *castNode {
	root := &castNode{}
	for p := range table {
		root.add(p, strings.Split(string(p), "."))
	}
	return root
}

// castNode is a trie of cast patterns by path segment ("*" matches any
// key, "[]" any sequence item).
type castNode struct {
	children map[string]*castNode
	patterns []tree.Path // patterns ending here
}

func (n *castNode) add(p tree.Path, parts []string) {
	if len(parts) == 0 {
		n.patterns = append(n.patterns, p)
		return
	}
	if n.children == nil {
		n.children = map[string]*castNode{}
	}
	c := n.children[parts[0]]
	if c == nil {
		c = &castNode{}
		n.children[parts[0]] = c
	}
	c.add(p, parts[1:])
}

// match walks node (as compose-go's decoded map holds it: aliases and
// merge keys resolved) along the trie and reports every pattern that
// ends at a value that may be a string.
func (n *castNode) match(node *yaml.Node, found func(tree.Path)) {
	n.matchDepth(node, found, 0)
}

func (n *castNode) matchDepth(node *yaml.Node, found func(tree.Path), depth int) {
	node = resolve(node)
	if node == nil || depth > maxMergeDepth+16 {
		return
	}
	if len(n.patterns) > 0 && maybeString(node) {
		for _, p := range n.patterns {
			found(p)
		}
	}
	if len(n.children) == 0 {
		return
	}
	switch node.Kind {
	case yaml.MappingNode:
		star := n.children[tree.PathMatchAll]
		mapKeys(node, func(k, v *yaml.Node) {
			if star != nil {
				star.matchDepth(v, found, depth+1)
			}
			if c := n.children[k.Value]; c != nil && k.Value != tree.PathMatchAll {
				c.matchDepth(v, found, depth+1)
			}
		})
	case yaml.SequenceNode:
		if c := n.children[tree.PathMatchList]; c != nil {
			for _, item := range node.Content {
				c.matchDepth(item, found, depth+1)
			}
		}
		// a "*" segment matches a sequence item too: its path segment is
		// "[]", which "*" matches
		if c := n.children[tree.PathMatchAll]; c != nil {
			for _, item := range node.Content {
				c.matchDepth(item, found, depth+1)
			}
		}
	}
}

// maybeString reports whether a scalar may decode as a Go string: any
// tag but the YAML core types that decode to bool, numbers or null
// (custom tags such as !override included, to stay on the safe side).
func maybeString(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!bool", "!!int", "!!float", "!!null":
		return false
	}
	return true
}

// refersToRemote reports whether f includes or extends a file compose-go
// would fetch (git, OCI) rather than one parsed here.
func (f *sourceFile) refersToRemote() bool {
	for _, doc := range f.docs {
		if k, inc := mapGet(doc, "include"); k != nil {
			for _, ref := range includeRefs(inc) {
				for _, p := range ref.paths {
					if isRemote(f.interpolate(scalarString(p))) {
						return true
					}
				}
			}
		}
		remote := false
		for _, section := range []string{"services", "jobs"} {
			_, svcs := mapGet(doc, section)
			mapKeys(svcs, func(_, v *yaml.Node) {
				_, ext := mapGet(v, "extends")
				if ext = resolve(ext); ext != nil && ext.Kind == yaml.MappingNode {
					if _, fv := mapGet(ext, "file"); fv != nil && isRemote(f.interpolate(scalarString(fv))) {
						remote = true
					}
				}
			})
		}
		if remote {
			return true
		}
	}
	return false
}
