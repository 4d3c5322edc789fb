package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

// order is the key order of one object of the deal schema: its properties
// in the order the schema lists them, the order of nested objects, and
// the order of the items of a list.
type order struct {
	rank  map[string]int
	props map[string]*order
	items *order
}

var (
	dealOrderOnce sync.Once
	dealOrder     *order
)

// schemaOrder is the order of the deal schema, read once.
func schemaOrder() *order {
	dealOrderOnce.Do(func() {
		o, err := orderOf(schema.Deal().JSON())
		if err != nil {
			panic(fmt.Sprintf("format: reading the key order of the deal schema: %v", err)) // embedded: a build defect
		}
		dealOrder = o
	})
	return dealOrder
}

// orderOf reads a JSON Schema with a token decoder, since a Go map would
// lose the order its properties are written in.
func orderOf(src []byte) (*order, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	v, err := readJSON(dec)
	if err != nil {
		return nil, err
	}
	return orderFrom(v), nil
}

// object is a JSON object with its keys in document order.
type object struct {
	keys []string
	vals map[string]any
}

func readJSON(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := &object{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", kt)
				}
				v, err := readJSON(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := obj.vals[k]; !dup {
					obj.keys = append(obj.keys, k)
				}
				obj.vals[k] = v
			}
			if _, err := dec.Token(); err != nil { // '}'
				return nil, err
			}
			return obj, nil
		case '[':
			var list []any
			for dec.More() {
				v, err := readJSON(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, err
			}
			return list, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

// orderFrom builds the order of a (sub)schema: "properties" give the keys,
// "items" the order of list items.
func orderFrom(v any) *order {
	obj, ok := v.(*object)
	if !ok {
		return nil
	}
	o := &order{}
	if props, ok := obj.vals["properties"].(*object); ok {
		o.rank = make(map[string]int, len(props.keys))
		o.props = make(map[string]*order, len(props.keys))
		for i, k := range props.keys {
			o.rank[k] = i
			if sub := orderFrom(props.vals[k]); sub != nil {
				o.props[k] = sub
			}
		}
	}
	if items := orderFrom(obj.vals["items"]); items != nil {
		o.items = items
	}
	if o.rank == nil && o.items == nil {
		return nil
	}
	return o
}

// reorder sorts the keys of every mapping the schema describes into the
// schema's order; keys it does not know keep their relative order after
// the known ones. A mapping's trailing comment (the foot comment of its
// last entry) stays at the end of the mapping.
func reorder(n *yaml.Node, o *order) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			reorder(c, o)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if o != nil {
				reorder(c, o.items)
			} else {
				reorder(c, nil)
			}
		}
	case yaml.MappingNode:
		pairs := len(n.Content) / 2
		if o != nil && o.rank != nil && pairs > 1 && len(n.Content)%2 == 0 {
			rank := func(k *yaml.Node) int {
				if k.Kind == yaml.ScalarNode {
					if r, ok := o.rank[k.Value]; ok {
						return r
					}
				}
				return len(o.rank)
			}
			idx := make([]int, pairs)
			for i := range idx {
				idx[i] = i
			}
			sort.SliceStable(idx, func(a, b int) bool { return rank(n.Content[2*idx[a]]) < rank(n.Content[2*idx[b]]) })
			if idx[pairs-1] != pairs-1 {
				oldLast := n.Content[2*(pairs-1)]
				newLast := n.Content[2*idx[pairs-1]]
				newLast.FootComment = joinComments(newLast.FootComment, oldLast.FootComment)
				oldLast.FootComment = ""
			}
			content := make([]*yaml.Node, 0, len(n.Content))
			for _, i := range idx {
				content = append(content, n.Content[2*i], n.Content[2*i+1])
			}
			n.Content = content
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			var sub *order
			if o != nil && n.Content[i].Kind == yaml.ScalarNode {
				sub = o.props[n.Content[i].Value]
			}
			reorder(n.Content[i+1], sub)
		}
	}
}

// joinComments joins two comment blocks, either of which may be empty.
func joinComments(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}
