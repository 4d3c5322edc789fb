package source

import (
	"sort"
	"strconv"

	"gopkg.in/yaml.v3"
)

// PathAt is the path of keys and list items of the node that starts at p
// in the tree root (a document or its mapping), written as schema
// problems write theirs: "key_players[2].attitude", "amount.value". It is
// "" when no node starts at p.
//
// A position names a key, a scalar or a list item: that is what the
// decoded model records (see Decode). A block mapping starts where its
// first key does, and such a position is read as the key, since the
// mapping has a key of its own to be pointed at; a list item that is a
// mapping is the item, not its first key. Aliases are not followed: what
// an alias names starts, and is found, where its anchor is.
//
// Nodes are in the order of the text, so each level is a binary search
// among siblings: a lookup costs the depth of the node, not the size of
// the file, and a deal with many findings is not walked once per finding.
func PathAt(root *yaml.Node, p Pos) string {
	if root == nil || !p.IsValid() {
		return ""
	}
	n := root
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) != 1 {
			return ""
		}
		n = n.Content[0]
	}
	var path []byte
	for range MaxDepth + 1 {
		var child *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			pairs := len(n.Content) / 2
			i := sort.Search(pairs, func(i int) bool { return startsAfter(n.Content[2*i], p) }) - 1
			if i < 0 {
				return atNode(n, p, path)
			}
			k := Deref(n.Content[2*i])
			if len(path) > 0 {
				path = append(path, '.')
			}
			path = append(path, k.Value...)
			if startsAt(k, p) {
				return string(path)
			}
			child = n.Content[2*i+1]
		case yaml.SequenceNode:
			i := sort.Search(len(n.Content), func(i int) bool { return startsAfter(n.Content[i], p) }) - 1
			if i < 0 {
				return atNode(n, p, path)
			}
			path = append(path, '[')
			path = strconv.AppendInt(path, int64(i), 10)
			path = append(path, ']')
			child = n.Content[i]
			if startsAt(child, p) {
				return string(path)
			}
		default:
			return ""
		}
		switch child.Kind {
		case yaml.MappingNode, yaml.SequenceNode:
			n = child
		default:
			return atNode(child, p, path)
		}
	}
	return ""
}

// atNode is path when n starts at p (a scalar value, an alias, a flow
// collection's bracket), or "".
func atNode(n *yaml.Node, p Pos, path []byte) string {
	if startsAt(n, p) {
		return string(path)
	}
	return ""
}

func startsAt(n *yaml.Node, p Pos) bool { return n.Line == p.Line && n.Column == p.Col }

func startsAfter(n *yaml.Node, p Pos) bool {
	return n.Line > p.Line || n.Line == p.Line && n.Column > p.Col
}

// KeyAt is where the field at path (a list of keys from the top) is
// written: its key, or the key of the deepest field on the path the tree
// has; found is false when the tree lacks the field itself, and the
// position is zero when it lacks even the first key.
func KeyAt(root *yaml.Node, path []string) (p Pos, found bool) {
	if root == nil {
		return Pos{}, false
	}
	n := Deref(root)
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = Deref(n.Content[0])
	}
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return p, false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := Deref(n.Content[i]); k.Value == key {
				p, next = At(k), Deref(n.Content[i+1])
				break
			}
		}
		if next == nil {
			return p, false
		}
		n = next
	}
	return p, true
}
