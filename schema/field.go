package schema

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// Field is what the schema says about one value of a document.
type Field struct {
	Description string
	// Type is the JSON type ("string", "object", ...), several joined by
	// "|" ("string|object") when the value may be of either, or "" when
	// the schema names none.
	Type   string
	Format string
	// Enum are the values allowed, as written (a value that is not a
	// string in its JSON form); EnumDescriptions say what each means, in
	// the same order, when the schema has them.
	Enum             []string
	EnumDescriptions []string
	// Properties are the keys the schema names at this mapping, in the
	// order it lists them; Required those that must be there whatever
	// else the document says (the node's own and its allOf's).
	Properties []string
	Required   []string
	Pattern    string
}

// ListItem is the key of Field that stands for an item of a list.
const ListItem = "[]"

// maxDepth bounds how many $refs and subschemas deep a look goes, so that
// a schema that refers to itself ends.
const maxDepth = 32

// Field returns what the schema says, in lang (English where it has no
// text in lang), about the value at a path of a YAML or JSON document:
// keys are mapping keys, ListItem ("[]") an item of a list, and no keys
// the document itself. For example
//
//	Deal().Field([]string{"key_players", "[]", "attitude"}, "zh")
//
// It follows $ref (within the document), items, properties, and
// patternProperties and additionalProperties for a key no property
// names, looking through allOf, anyOf, oneOf, if, then and else for the
// properties they add. ok is false when the schema has nothing to say
// about the path: an unknown key, or a list item where there is no list.
func (s *Schema) Field(keys []string, lang string) (f Field, ok bool) {
	at := []*node{s.root}
	for _, key := range keys {
		if at = s.child(at, key); len(at) == 0 {
			return Field{}, false
		}
	}
	return s.describe(at, lang), true
}

// view is a schema a value must (sure) or may satisfy.
type view struct {
	n    *node
	sure bool
}

// views are the schemas at, followed through $ref and the subschemas that
// combine with them, each once, the nodes themselves first.
func (s *Schema) views(at []*node) []view {
	var out []view
	seen := map[*node]bool{}
	var add func(n *node, sure bool, depth int)
	add = func(n *node, sure bool, depth int) {
		if n == nil || n.kind != '{' || depth > maxDepth {
			return
		}
		if seen[n] {
			return
		}
		seen[n] = true
		out = append(out, view{n, sure})
		if ref := n.text("$ref"); strings.HasPrefix(ref, "#") {
			add(s.root.at(ref[1:]), sure, depth+1)
		}
		if list := n.get("allOf"); list != nil {
			for _, e := range list.elems {
				add(e, sure, depth+1)
			}
		}
		for _, key := range []string{"anyOf", "oneOf"} {
			if list := n.get(key); list != nil {
				for _, e := range list.elems {
					add(e, false, depth+1)
				}
			}
		}
		for _, key := range []string{"if", "then", "else"} {
			add(n.get(key), false, depth+1)
		}
	}
	for _, n := range at {
		add(n, true, 0)
	}
	return out
}

// child are the schemas of the value at key (or of a list item) of a
// value the schemas at describe: a property of that name; else the
// patternProperties it matches; else additionalProperties.
func (s *Schema) child(at []*node, key string) []*node {
	views := s.views(at)
	var out []*node
	if key == ListItem {
		for _, v := range views {
			items := v.n.get("items")
			switch {
			case items == nil:
			case items.kind == '{':
				out = append(out, items)
			case items.kind == '[':
				out = append(out, items.elems...)
			}
		}
		return objects(out)
	}
	for _, v := range views {
		if p := v.n.get("properties").get(key); p != nil {
			out = append(out, p)
		}
	}
	if len(out) > 0 {
		return objects(out)
	}
	for _, v := range views {
		pp := v.n.get("patternProperties")
		if pp == nil {
			continue
		}
		for _, pattern := range pp.keys {
			if re, err := regexp.Compile(pattern); err == nil && re.MatchString(key) {
				out = append(out, pp.props[pattern])
			}
		}
	}
	if len(out) > 0 {
		return objects(out)
	}
	for _, v := range views {
		if ap := v.n.get("additionalProperties"); ap != nil {
			out = append(out, ap)
		}
	}
	return objects(out)
}

// objects are the nodes of list that are schema objects (not true or
// false).
func objects(list []*node) []*node {
	var out []*node
	for _, n := range list {
		if n.kind == '{' {
			out = append(out, n)
		}
	}
	return out
}

func (s *Schema) describe(at []*node, lang string) Field {
	var f Field
	props, required, types := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, v := range s.views(at) {
		n := v.n
		if f.Description == "" {
			f.Description = s.description(n, lang)
		}
		for _, t := range typesOf(n.get("type")) {
			if !types[t] {
				types[t] = true
				f.Type += "|" + t
			}
		}
		if f.Format == "" {
			f.Format = n.text("format")
		}
		if f.Pattern == "" {
			f.Pattern = n.text("pattern")
		}
		if enum := n.get("enum"); f.Enum == nil && enum != nil && enum.kind == '[' {
			f.Enum = []string{}
			for _, e := range enum.elems {
				f.Enum = append(f.Enum, s.literal(e))
			}
			if descs := s.enumDescriptions(n, lang); len(descs) == len(f.Enum) {
				f.EnumDescriptions = descs
			}
		}
		if p := n.get("properties"); p != nil && p.kind == '{' {
			for _, k := range p.keys {
				if !props[k] {
					props[k] = true
					f.Properties = append(f.Properties, k)
				}
			}
		}
		if r := n.get("required"); v.sure && r != nil {
			for _, e := range r.elems {
				if e.kind == '"' && !required[e.str] {
					required[e.str] = true
					f.Required = append(f.Required, e.str)
				}
			}
		}
	}
	f.Type = strings.TrimPrefix(f.Type, "|")
	return f
}

// typesOf are the types a type keyword names.
func typesOf(t *node) []string {
	switch {
	case t == nil:
		return nil
	case t.kind == '"':
		return []string{t.str}
	case t.kind == '[':
		var names []string
		for _, e := range t.elems {
			if e.kind == '"' {
				names = append(names, e.str)
			}
		}
		return names
	}
	return nil
}

// literal is an enum value: a string as it is, anything else in compact
// JSON.
func (s *Schema) literal(n *node) string {
	if n.kind == '"' {
		return n.str
	}
	var b bytes.Buffer
	if err := json.Compact(&b, s.source[n.start:n.end]); err != nil {
		return string(s.source[n.start:n.end])
	}
	return b.String()
}
