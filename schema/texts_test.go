package schema

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// described are the schema nodes that have texts for people: their JSON
// pointers, with the English texts. Only subschemas are looked into, so a
// property named "examples" is one, the keyword examples not.
func described(root *node) map[string]texts {
	out := map[string]texts{}
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil || n.kind != '{' {
			return
		}
		if d := n.get("description"); d != nil && d.kind == '"' {
			t := texts{Description: d.str}
			if list := n.get("enumDescriptions"); list != nil {
				for _, e := range list.elems {
					t.EnumDescriptions = append(t.EnumDescriptions, e.str)
				}
			}
			out[n.ptr] = t
		}
		for _, key := range []string{"properties", "patternProperties", "definitions", "$defs", "dependencies"} {
			if m := n.get(key); m != nil && m.kind == '{' {
				for _, k := range m.keys {
					walk(m.props[k])
				}
			}
		}
		for _, key := range []string{"items", "allOf", "anyOf", "oneOf"} {
			if v := n.get(key); v != nil && v.kind == '[' {
				for _, e := range v.elems {
					walk(e)
				}
			}
		}
		for _, key := range []string{"items", "additionalItems", "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else"} {
			walk(n.get(key))
		}
	}
	walk(root)
	return out
}

func embedded() map[string]*Schema {
	return map[string]*Schema{"deal": Deal(), "config": Config()}
}

// TestTranslationsComplete: every description and enumDescriptions entry
// has its translation, and no translation belongs to a node the schema
// does not have (or not with texts).
func TestTranslationsComplete(t *testing.T) {
	for name, s := range embedded() {
		t.Run(name, func(t *testing.T) {
			en := described(s.root)
			if len(en) == 0 {
				t.Fatal("no descriptions found")
			}
			zh, ok := s.translations["zh"]
			if !ok {
				t.Fatal("no Chinese translations")
			}
			for _, ptr := range sortedKeys(en) {
				tr, ok := zh[ptr]
				switch {
				case !ok || tr.Description == "":
					t.Errorf("%q: no Chinese description", ptr)
				case len(tr.EnumDescriptions) != len(en[ptr].EnumDescriptions):
					t.Errorf("%q: %d enumDescriptions in English, %d in Chinese", ptr, len(en[ptr].EnumDescriptions), len(tr.EnumDescriptions))
				}
			}
			for _, ptr := range sortedKeys(zh) {
				if _, ok := en[ptr]; !ok {
					t.Errorf("%q: translated, but the schema has no description there", ptr)
				}
			}
		})
	}
}

var (
	backticked = regexp.MustCompile("`[^`]*`")
	// englishRun is four words of Latin letters in a row: a sentence
	// left untranslated. Names and code (deals.config.yaml, --fail-on
	// warning, {rule: players-coach}) never make one.
	englishRun = regexp.MustCompile(`\b[A-Za-z]+( [A-Za-z]+){3,}\b`)
)

// TestTranslationsChinese checks what a translation must keep: it is
// Chinese, it keeps the backticked field names and values of the English,
// and a description that lists the enum values ends with the same list as
// its enumDescriptions.
func TestTranslationsChinese(t *testing.T) {
	for name, s := range embedded() {
		t.Run(name, func(t *testing.T) {
			en := described(s.root)
			zh := s.translations["zh"]
			for _, ptr := range sortedKeys(zh) {
				tr, orig := zh[ptr], en[ptr]
				for i, text := range append([]string{tr.Description}, tr.EnumDescriptions...) {
					where := fmt.Sprintf("%q description", ptr)
					if i > 0 {
						where = fmt.Sprintf("%q enumDescriptions[%d]", ptr, i-1)
					}
					if !strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
						t.Errorf("%s is not Chinese: %q", where, text)
					}
					if run := englishRun.FindString(backticked.ReplaceAllString(text, "")); run != "" {
						t.Errorf("%s has English left in it: %q", where, run)
					}
				}
				if got, want := ticks(tr.Description, tr.EnumDescriptions), ticks(orig.Description, orig.EnumDescriptions); !slices.Equal(got, want) {
					t.Errorf("%q: backticked words %q, in English %q", ptr, got, want)
				}
				if enumList(orig.Description, s.enumValues(ptr), orig.EnumDescriptions) {
					if !enumList(tr.Description, s.enumValues(ptr), tr.EnumDescriptions) {
						t.Errorf("%q: the English description ends with the list of enum values and their enumDescriptions, the Chinese does not:\n%s", ptr, tr.Description)
					}
				}
			}
		})
	}
}

// ticks are the distinct backticked words of some texts, sorted.
func ticks(desc string, enumDescs []string) []string {
	set := map[string]bool{}
	for _, text := range append([]string{desc}, enumDescs...) {
		for _, w := range backticked.FindAllString(text, -1) {
			set[w] = true
		}
	}
	return sortedKeys(set)
}

// enumList reports whether desc ends with the markdown list of the enum
// values, each with its description.
func enumList(desc string, values, descs []string) bool {
	if len(values) == 0 || len(values) != len(descs) {
		return false
	}
	var lines []string
	for i, v := range values {
		lines = append(lines, "- `"+v+"`: "+descs[i])
	}
	return strings.HasSuffix(desc, "\n\n"+strings.Join(lines, "\n"))
}

func (s *Schema) enumValues(ptr string) []string {
	var out []string
	if enum := s.root.at(ptr).get("enum"); enum != nil {
		for _, e := range enum.elems {
			out = append(out, s.literal(e))
		}
	}
	return out
}

// TestMarkdownDescriptionRepeats: JSONIn puts a node's one translated
// description into markdownDescription too, which is right only while the
// English repeats the description there.
func TestMarkdownDescriptionRepeats(t *testing.T) {
	for name, s := range embedded() {
		var walk func(n *node)
		walk = func(n *node) {
			switch n.kind {
			case '{':
				if md := n.get("markdownDescription"); md != nil && md.str != n.text("description") {
					t.Errorf("%s %q: markdownDescription differs from description", name, n.ptr)
				}
				for _, k := range n.keys {
					walk(n.props[k])
				}
			case '[':
				for _, e := range n.elems {
					walk(e)
				}
			}
		}
		walk(s.root)
	}
}

// TestTreeOffsets: every string's place in the source is the string.
func TestTreeOffsets(t *testing.T) {
	for name, s := range embedded() {
		var walk func(n *node)
		walk = func(n *node) {
			switch n.kind {
			case '"':
				var got string
				if err := json.Unmarshal(s.source[n.start:n.end], &got); err != nil || got != n.str {
					t.Errorf("%s %q: the source there is %s, not %q", name, n.ptr, s.source[n.start:n.end], n.str)
				}
			case '{':
				for _, k := range n.keys {
					walk(n.props[k])
				}
			case '[':
				for _, e := range n.elems {
					walk(e)
				}
			}
		}
		walk(s.root)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
