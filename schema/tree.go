package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// node is one value of a schema document as it is written: an object's
// keys in document order, and each string's place in the source, so that
// a text can be put in another language without touching anything else.
type node struct {
	kind  byte // '{' object, '[' array, '"' string, 0 anything else
	ptr   string
	keys  []string         // '{': in document order
	props map[string]*node // '{'
	elems []*node          // '['
	str   string           // '"'
	// start and end are the value's bytes in the source (a string's
	// quotes included).
	start, end int
}

// get is the value of an object's key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != '{' {
		return nil
	}
	return n.props[key]
}

// text is the string at an object's key, or "".
func (n *node) text(key string) string {
	if v := n.get(key); v != nil && v.kind == '"' {
		return v.str
	}
	return ""
}

// at is the value at a JSON pointer below n, or nil.
func (n *node) at(ptr string) *node {
	if ptr == "" {
		return n
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	cur := n
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = unescapePointer(tok)
		switch {
		case cur == nil:
			return nil
		case cur.kind == '{':
			cur = cur.props[tok]
		case cur.kind == '[':
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(cur.elems) || fmt.Sprint(i) != tok {
				return nil
			}
			cur = cur.elems[i]
		default:
			return nil
		}
	}
	return cur
}

func escapePointer(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

func unescapePointer(tok string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}

// parseTree reads a JSON document with a token decoder, since a Go map
// would lose the order its keys are written in.
func parseTree(src []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	p := &treeParser{src: src, dec: dec}
	root, err := p.value("")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return root, nil
}

type treeParser struct {
	src []byte
	dec *json.Decoder
}

func (p *treeParser) value(ptr string) (*node, error) {
	// Between the end of one token and the start of the next there is
	// only white space, a colon or a comma.
	before := int(p.dec.InputOffset())
	start := before + len(p.src[before:]) - len(bytes.TrimLeft(p.src[before:], " \t\r\n:,"))
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	n, err := p.build(tok, ptr)
	if err != nil {
		return nil, err
	}
	n.start, n.end = start, int(p.dec.InputOffset())
	return n, nil
}

func (p *treeParser) build(tok json.Token, ptr string) (*node, error) {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: '{', ptr: ptr, props: map[string]*node{}}
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", kt)
				}
				v, err := p.value(ptr + "/" + escapePointer(k))
				if err != nil {
					return nil, err
				}
				// As encoding/json reads it: the last of a repeated key
				// counts.
				if _, seen := n.props[k]; !seen {
					n.keys = append(n.keys, k)
				}
				n.props[k] = v
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &node{kind: '[', ptr: ptr}
			for i := 0; p.dec.More(); i++ {
				v, err := p.value(fmt.Sprintf("%s/%d", ptr, i))
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return &node{kind: '"', ptr: ptr, str: t}, nil
	default: // a number, true, false or null
		return &node{ptr: ptr}, nil
	}
}
