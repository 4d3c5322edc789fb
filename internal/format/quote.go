package format

import (
	"bytes"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// context is where a scalar stands, which decides what it may hold unquoted.
type context int

const (
	blockValue context = iota // key: VALUE, or - VALUE
	blockKey                  // KEY: value
	flowItem                  // [VALUE]
	flowValue                 // {key: VALUE}
	flowKey                   // {KEY: value}
)

// unquote drops the quotes of every string scalar that reads the same
// without them. Scalars with an explicit tag keep their form.
func unquote(n *yaml.Node, ctx context) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			unquote(c, blockValue)
		}
	case yaml.SequenceNode:
		item := blockValue
		if n.Style&yaml.FlowStyle != 0 || ctx >= flowItem {
			item = flowItem
		}
		for _, c := range n.Content {
			unquote(c, item)
		}
	case yaml.MappingNode:
		key, value := blockKey, blockValue
		if n.Style&yaml.FlowStyle != 0 || ctx >= flowItem {
			key, value = flowKey, flowValue
		}
		for i, c := range n.Content {
			if i%2 == 0 {
				unquote(c, key)
			} else {
				unquote(c, value)
			}
		}
	case yaml.ScalarNode:
		quoted := n.Style & (yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle)
		if quoted != 0 && n.Style&yaml.TaggedStyle == 0 && n.Tag == "!!str" && plainSafe(n.Value, ctx) {
			n.Style &^= quoted
		}
	}
}

// yaml11 matches what YAML 1.1 readers (and yaml.v3 when it writes a Go
// string) take for a boolean, a null, a number or a date: yaml.v3 reads
// some of these as strings, other tools do not, so their quotes stay.
var yaml11 = regexp.MustCompile(`^(?:` +
	`y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|` +
	`~|null|Null|NULL|=|<<|` +
	`[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+|` +
	`[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|` +
	`[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|` +
	`[0-9][0-9_]*(?:[eE][-+]?[0-9]+)|` +
	`[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?` +
	`)$`)

// plainSafe reports whether s, written without quotes where ctx says,
// reads back as the same string: yaml.v3 writes it plain and reads it
// back as that string, and no YAML 1.1 reader would take it for anything
// else.
func plainSafe(s string, ctx context) bool {
	if s == "" || strings.ContainsAny(s, "\n\r") || yaml11.MatchString(s) {
		return false
	}
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	probe := str(s)
	var holder *yaml.Node
	switch ctx {
	case blockValue:
		holder = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("k"), probe}}
	case blockKey:
		holder = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{probe, str("v")}}
	case flowItem:
		holder = &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{probe, str("v")}}
	case flowValue:
		holder = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{str("k"), probe, str("v"), str("w")}}
	case flowKey:
		holder = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{probe, str("v"), str("w"), str("x")}}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(holder); err != nil {
		return false
	}
	var back yaml.Node
	if err := yaml.Unmarshal(buf.Bytes(), &back); err != nil || len(back.Content) != 1 {
		return false
	}
	got := back.Content[0]
	if got.Kind != holder.Kind || len(got.Content) != len(holder.Content) {
		return false
	}
	var n *yaml.Node
	switch ctx {
	case blockValue, flowValue:
		n = got.Content[1]
	default:
		n = got.Content[0]
	}
	return n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!str" && n.Value == s
}
