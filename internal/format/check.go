package format

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
	"gopkg.in/yaml.v3"
)

// checker holds what is compared of the original file, read once.
type checker struct {
	value     any
	signature string
	deal      *deal.Deal // positions cleared
	problems  []string
	comments  []string // as scanLines finds them
	yamlNotes []string // as yaml.v3 attaches them
}

func newChecker(a []byte, d *deal.Deal, problems []*source.Error) (*checker, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(a, &n); err != nil {
		return nil, fmt.Errorf("yaml.v3 cannot read the original: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	c := &checker{signature: signature(&n), deal: cleared(d), problems: messages(problems), yamlNotes: nodeComments(&n, nil)}
	if err := n.Decode(&c.value); err != nil {
		return nil, fmt.Errorf("yaml.v3 cannot read the original: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	text, _ := normalize(a)
	c.comments = lexicalComments(text)
	return c, nil
}

// same checks b against the original.
func (c *checker) same(b []byte) error {
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("the result would not be valid YAML: %v", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var v any
	if err := n.Decode(&v); err != nil || !reflect.DeepEqual(c.value, v) {
		return errors.New("the data would change")
	}
	if signature(&n) != c.signature {
		return errors.New("a value's type would change")
	}
	d, problems := deal.Parse("f", b)
	if (c.deal == nil) != (d == nil) {
		return errors.New("the deal would no longer be readable")
	}
	if !reflect.DeepEqual(c.deal, cleared(d)) {
		return errors.New("the deal would read differently")
	}
	if !sameCounts(c.problems, messages(problems)) {
		return errors.New("the deal's problems would change")
	}
	text, _ := normalize(b)
	if !sameCounts(c.comments, lexicalComments(text)) {
		return errors.New("a comment would be lost or changed")
	}
	if !sameCounts(c.yamlNotes, nodeComments(&n, nil)) {
		return errors.New("yaml.v3 would read the comments differently")
	}
	return nil
}

// signature writes out a node tree with each scalar's resolved tag, and
// mappings with their entries sorted, so that two trees that differ only
// in key order, layout and comments have the same signature.
func signature(n *yaml.Node) string {
	var b strings.Builder
	sign(&b, n, 0)
	return b.String()
}

func sign(b *strings.Builder, n *yaml.Node, depth int) {
	if depth > source.MaxDepth+2 {
		b.WriteString("…")
		return
	}
	if n.Anchor != "" {
		fmt.Fprintf(b, "&%s ", n.Anchor)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			sign(b, c, depth+1)
		}
	case yaml.AliasNode:
		fmt.Fprintf(b, "*%s", n.Value)
	case yaml.ScalarNode:
		fmt.Fprintf(b, "%s %q", n.ShortTag(), n.Value)
	case yaml.SequenceNode:
		fmt.Fprintf(b, "%s[", n.ShortTag())
		for _, c := range n.Content {
			sign(b, c, depth+1)
			b.WriteString(", ")
		}
		b.WriteString("]")
	case yaml.MappingNode:
		entries := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			var e strings.Builder
			sign(&e, n.Content[i], depth+1)
			e.WriteString(": ")
			sign(&e, n.Content[i+1], depth+1)
			entries = append(entries, e.String())
		}
		sort.Strings(entries)
		fmt.Fprintf(b, "%s{%s}", n.ShortTag(), strings.Join(entries, ", "))
	}
}

// cleared is a copy of d with every position cleared (nil stays nil).
func cleared(d *deal.Deal) *deal.Deal {
	if d == nil {
		return nil
	}
	c := d.Detached()
	c.File = ""
	clearPositions(reflect.ValueOf(c).Elem())
	return c
}

var posType = reflect.TypeOf(source.Pos{})

// clearPositions sets every source.Pos in v to the same value, keeping
// only whether it is set: that a section is present is part of the deal.
func clearPositions(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == posType {
			if v.Interface().(source.Pos).IsValid() {
				v.Set(reflect.ValueOf(source.Pos{Line: 1, Col: 1}))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				clearPositions(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() > 0 && !v.IsNil() {
			c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(c, v)
			v.Set(c)
			for i := 0; i < c.Len(); i++ {
				clearPositions(c.Index(i))
			}
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			clearPositions(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			c := reflect.New(v.Type().Elem())
			c.Elem().Set(v.Elem())
			v.Set(c)
			clearPositions(c.Elem())
		}
	}
}

func messages(problems []*source.Error) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = p.Msg
	}
	return out
}

// lexicalComments lists the comments of YAML text as scanLines finds them.
func lexicalComments(text string) []string {
	lines := splitLines(text)
	var out []string
	for _, li := range scanLines(lines) {
		if li.comment != "" {
			out = append(out, li.comment)
		}
	}
	return out
}

// nodeComments lists the comment lines yaml.v3 attached to a node tree.
func nodeComments(n *yaml.Node, out []string) []string {
	for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		for _, l := range strings.Split(c, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	for _, c := range n.Content {
		out = nodeComments(c, out)
	}
	return out
}

// sameCounts reports whether a and b hold the same strings as many times.
func sameCounts(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	count := make(map[string]int, len(a))
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
		if count[s] < 0 {
			return false
		}
	}
	return true
}
