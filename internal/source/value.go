package source

import (
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits that keep a hostile file from exhausting memory or the stack.
const (
	// MaxDepth is far beyond any real deal (the schema nests six levels).
	MaxDepth = 64
	// MaxAliasNodes bounds what aliases may expand to: a handful of anchors
	// is normal, an exponential "billion laughs" expansion is not.
	MaxAliasNodes = 10000
)

// Value turns a node tree into the plain values a JSON Schema validator
// expects: map[string]any, []any, string, int64, float64, bool and nil.
// Dates stay strings whether quoted or not. Duplicate keys, merge keys,
// custom tags, excessive aliasing and nesting are positioned errors.
func Value(file string, n *yaml.Node) (any, []*Error) {
	c := converter{file: file}
	v := c.value(n, 0, false)
	return v, c.errs
}

type converter struct {
	file       string
	errs       []*Error
	aliasNodes int
	aborted    bool
	// expanding is the alias being expanded, where a bomb is reported.
	expanding *yaml.Node
}

func (c *converter) fail(n *yaml.Node, key string, args ...any) {
	c.errs = append(c.errs, Problem(c.file, Pos{n.Line, n.Column}, ErrSyntax, key, args...))
}

func (c *converter) value(n *yaml.Node, depth int, viaAlias bool) any {
	if c.aborted {
		return nil
	}
	if depth > MaxDepth {
		c.fail(n, "source.tooDeep", "max", MaxDepth)
		c.aborted = true
		return nil
	}
	if viaAlias {
		c.aliasNodes++
		if c.aliasNodes > MaxAliasNodes {
			c.fail(c.expanding, "source.aliasBomb", "max", MaxAliasNodes)
			c.aborted = true
			return nil
		}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return c.value(n.Content[0], depth, viaAlias)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil
		}
		if !viaAlias {
			c.expanding = n
		}
		return c.value(n.Alias, depth+1, true)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		var seen map[string]*yaml.Node
		if len(n.Content) > 16 {
			seen = make(map[string]*yaml.Node, len(n.Content)/2)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key, ok := c.key(k)
			if !ok {
				continue
			}
			if first := firstKey(n, i, key, seen); first != nil {
				c.fail(k, "source.duplicateKey", "key", key, "line", first.Line)
				continue
			}
			if seen != nil {
				seen[key] = k
			}
			m[key] = c.value(v, depth+1, viaAlias)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, item := range n.Content {
			s[i] = c.value(item, depth+1, viaAlias)
		}
		return s
	}
	return c.scalar(n)
}

// firstKey finds an earlier occurrence of key in mapping n; small mappings
// are scanned because that is cheaper than building a set.
func firstKey(n *yaml.Node, i int, key string, seen map[string]*yaml.Node) *yaml.Node {
	if seen != nil {
		return seen[key]
	}
	for j := 0; j < i; j += 2 {
		if n.Content[j].Kind == yaml.ScalarNode && n.Content[j].Value == key {
			return n.Content[j]
		}
	}
	return nil
}

func (c *converter) key(k *yaml.Node) (string, bool) {
	if k.Kind == yaml.AliasNode && k.Alias != nil {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		c.fail(k, "source.keyNotText", "what", describeNode(k))
		return "", false
	}
	if k.Tag == "!!merge" {
		c.fail(k, "source.mergeKey")
		return "", false
	}
	return k.Value, true
}

func (c *converter) scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!str", "!!timestamp", "!!binary", "":
		return n.Value
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int":
		s := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if math.IsInf(f, 0) || math.IsNaN(f) { // "!!int nan" is no more a number than ".nan"
				c.fail(n, "source.notFinite", "value", n.Value)
				return nil
			}
			return f
		}
		return n.Value
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			c.fail(n, "source.notFinite", "value", n.Value)
			return nil
		}
		return f
	}
	c.fail(n, "source.tag", "tag", n.Tag)
	return n.Value
}

// Fields calls f for each key of mapping n, with aliases followed; it does
// nothing when n is not a mapping.
func Fields(n *yaml.Node, f func(key string, k, v *yaml.Node)) {
	n = Deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		f(n.Content[i].Value, n.Content[i], Deref(n.Content[i+1]))
	}
}

// At is the position n was written at.
func At(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

// YAMLText writes a string as a YAML scalar to follow a key on the same
// line: plain when it reads back as the same string, quoted otherwise,
// and double-quoted when it spans lines.
func YAMLText(s string) string {
	node := yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r") {
		node.Style = yaml.DoubleQuotedStyle
	}
	out, err := yaml.Marshal(&node)
	if err != nil { // only for values yaml.v3 cannot write, which a string is not
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}
