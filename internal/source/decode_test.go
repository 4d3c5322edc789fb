package source

import (
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

type decodeItem struct {
	At   Pos            `yaml:",at"`
	Name Scalar[string] `yaml:"name"`
}

type decodeTree struct {
	Title   Scalar[string]     `yaml:"title"`
	Count   int                `yaml:"count"`
	Ratio   float64            `yaml:"ratio"`
	RatioAt Pos                `yaml:"ratio,pos"`
	Done    bool               `yaml:"done"`
	Tags    List[Scalar[kind]] `yaml:"tags"`
	Items   []decodeItem       `yaml:"items"`
	Rates   map[string]float64 `yaml:"rates"`
	Child   *decodeTree        `yaml:"-"`
	Nested  struct {
		Deep Scalar[string] `yaml:"deep"`
	} `yaml:"nested"`
	ignored string
}

type kind string

func TestDecode(t *testing.T) {
	src := `title: "  Spaced  "
count: 1_000
ratio: 0.5
done: true
tags: [a, b]
items:
  - name: x
  - {name: y}
rates: {EUR: 1.1, CNY: x}
nested: {deep: here}
unknown: 1
`
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(src), &root); err != nil {
		t.Fatal(err)
	}
	var d decodeTree
	Decode(root.Content[0], &d)
	checks := []struct {
		name      string
		got, want any
	}{
		{"trimmed text", d.Title.Value, "Spaced"},
		{"text position", d.Title.Pos, Pos{1, 8}},
		{"int with underscores", d.Count, 1000},
		{"float", d.Ratio, 0.5},
		{"position of a value", d.RatioAt, Pos{3, 8}},
		{"bool", d.Done, true},
		{"list of typed scalars", len(d.Tags.Items), 2},
		{"typed scalar", d.Tags.Items[1].Value, kind("b")},
		{"list position is its key's", d.Tags.At, Pos{5, 1}},
		{"item position is the item's", d.Items[1].At, Pos{8, 5}},
		{"item field", d.Items[0].Name.Value, "x"},
		{"map", d.Rates["EUR"], 1.1},
		{"a value of the wrong type is left alone", d.Rates["CNY"], 0.0},
		{"nested struct", d.Nested.Deep.Value, "here"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

// TestDecodeConcurrent decodes a type seen for the first time from many
// goroutines at once, as the reader does on all cores.
func TestDecodeConcurrent(t *testing.T) {
	type fresh struct {
		A Scalar[string]       `yaml:"a"`
		B List[Scalar[string]] `yaml:"b"`
	}
	var root yaml.Node
	yaml.Unmarshal([]byte("a: x\nb: [1, 2, 3]\n"), &root)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var f fresh
			Decode(root.Content[0], &f)
			if f.A.Value != "x" || f.B.Len() != 3 {
				t.Errorf("decoded %+v", f)
			}
		}()
	}
	wg.Wait()
}
