package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/dealgen"
	"gopkg.in/yaml.v3"
)

// sameTree says where two node trees differ, comments aside, or "".
func sameTree(path string, a, b *yaml.Node) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return fmt.Sprintf("%s: one is nil", path)
		}
		return ""
	case a.Kind != b.Kind, a.Style != b.Style, a.Tag != b.Tag, a.Value != b.Value,
		a.Anchor != b.Anchor, a.Line != b.Line, a.Column != b.Column, (a.Alias == nil) != (b.Alias == nil),
		len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: fast {kind %v style %v tag %s value %q at %d:%d, %d children} yaml.v3 {kind %v style %v tag %s value %q at %d:%d, %d children}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Line, a.Column, len(a.Content),
			b.Kind, b.Style, b.Tag, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// checkFast holds fastParse to yaml.v3: when it reads a text, yaml.v3
// reads it without error into the same tree. It reports whether it read it.
func checkFast(t *testing.T, data []byte) bool {
	t.Helper()
	if _, key, _ := checkEncoding(data); key != "" {
		return false
	}
	fast := fastParse(data)
	if fast == nil {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the fast reader read a text yaml.v3 refuses (%v):\n%s", err, data)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		t.Fatalf("the fast reader read a text that is not one document:\n%s", data)
	}
	if d := sameTree("", fast, doc.Content[0]); d != "" {
		t.Fatalf("the trees differ at %s\n%s", d, data)
	}
	return true
}

func TestFastParseReadsTheSubset(t *testing.T) {
	tests := []struct {
		name, src string
		read      bool // false: left to yaml.v3
	}{
		{"plain values", "id: a\ntitle: Big deal, phase [2]\nn: 12\nf: 1.5\nb: true\nz: ~\nd: 2027-03-31\nbad: 2027-02-30\ns: 09\n", true},
		{"quoted", "a: 'it''s'\nb: \"a\\tb \\\"q\\\" \\\\\"\nc: '' # empty\n", true},
		{"empty values", "a:\nb:   # c\nc: x\n", true},
		{"nested", "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", true},
		{"lists", "a:\n  - x\n  - y: 1\n    z: 2\n  -\n  - - n\nb:\n- compact\n- 'q'\nc: [x, 'y', \"z\", 1]\nd: []\ne: {}\n", true},
		{"literal", "a: |\n  one\n\n    two\n  three\nb: |-\n  x\n\nc: |+\n  k\n\n\nd: >\n  a\n  b\n\n  c\ne: >-\n  f\n", true},
		{"literal at the end", "a: |\n  x\n  y", true},
		{"empty literal", "a: |\nb: >-\n\nc: |", true},
		{"comments", "# head\na: 1 # one\n  # indented\nb:\n  # before\n  - x # after\n# tail\n", true},
		{"unicode", "名称: 值x\n说明: '中文'\nb: [甲, 乙]\n", true},
		{"root indented", "  a: 1\n  b: 2\n", true},
		{"multi-line plain", "a: one\n  two\n", false},
		{"multi-line quote", "a: 'one\n  two'\n", false},
		{"colon in value", "a: b: c\n", false},
		{"anchor", "a: &x 1\nb: *x\n", false},
		{"tag", "a: !t x\n", false},
		{"merge", "<<: {a: 1}\n", false},
		{"flow map", "a: {b: 1}\n", false},
		{"tab", "a:\tb\n", false},
		{"tab indent", "a:\n\tb: 1\n", false},
		{"crlf", "a: 1\r\nb: 2\r\n", false},
		{"document marker", "---\na: 1\n", false},
		{"bom", "\ufeffa: 1\n", false},
		{"bad indentation", "a:\n  b: 1\n c: 2\n", false},
		{"list at top", "- a\n", false},
		{"scalar at top", "hello\n", false},
		{"empty", "# only\n", false},
		{"negative", "a: -1\n", false},
		{"indentation indicator", "a: |2\n   x\n", false},
		{"spaces on an empty line of a literal", "a: |\n  x\n   \n  y\n", false},
		{"more indented folded", "a: >\n  x\n    y\n", false},
		{"escape", "a: \"\\x41\"\n", false},
		{"trailing comma", "a: [x, ]\n", false},
		{"quoted key", "'a': 1\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkFast(t, []byte(tt.src)); got != tt.read {
				t.Errorf("read = %v, want %v", got, tt.read)
			}
		})
	}
}

// TestFastParseReadsEveryDeal makes sure the fast reader is the one deals
// are read with: every example and every generated deal, and that yaml.v3
// agrees on each.
func TestFastParseReadsEveryDeal(t *testing.T) {
	files, _ := filepath.Glob("../../examples/deals/*.yaml")
	more, _ := filepath.Glob("../deal/testdata/*.yaml")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("found %d files", len(files))
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !checkFast(t, data) {
			t.Errorf("%s is read by yaml.v3, not by the fast reader", file)
		}
	}
	n := 1000
	if testing.Short() {
		n = 100
	}
	for i := range n {
		data := dealgen.Deal(int64(i%3), i)
		if !checkFast(t, data) {
			t.Fatalf("generated deal %d is read by yaml.v3, not by the fast reader:\n%s", i, data)
		}
	}
	// A configuration is read once per run and may use flow mappings
	// ({en: ..., zh: ...}), which the subset leaves to yaml.v3.
	checkFast(t, dealgen.Config())
	if data, err := os.ReadFile("../../examples/deals.config.yaml"); err == nil {
		checkFast(t, data)
	}
}

// FuzzFastParse: on every text the fast reader accepts, yaml.v3 builds the same tree.
func FuzzFastParse(f *testing.F) {
	for _, s := range []string{
		"a: 1\n", "a:\n- b\n", "a: |\n  x\n", "a: >-\n  x\n\n  y\n", "a: [x, 'y']\n", "- a\n",
		"a: 'x''y'\n", "a: \"\\n\"\n", "a:\n  b: c\n d: e\n", "a: b #c\n", "a: b#c\n", "a: 0o17\n",
		"a: 1_000\n", "a: 0x1F\n", "a: 1e3\n", "a: .5\n", "a: 2026-1-2\n", "a: +1\n", "a: |+\n  x\n\n",
		"- - a\n  - b\n", "a:\n  -\n  - x\n", "k: [ a ,b ]\n", "a: x\n  # c\nb: y\n",
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("../../examples/deals/*.yaml")
	for _, file := range files[:min(4, len(files))] {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add(dealgen.Deal(1, 3))
	f.Fuzz(func(t *testing.T, data []byte) {
		if strings.Count(string(data), "\n") > 400 {
			return
		}
		checkFast(t, data)
	})
}

// BenchmarkRead compares the fast reader with yaml.v3 on generated deals.
func BenchmarkRead(b *testing.B) {
	data := make([][]byte, 100)
	for i := range data {
		data[i] = dealgen.Deal(1, i)
	}
	b.Run("fast", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if fastParse(data[i%len(data)]) == nil {
				b.Fatal("not read")
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var doc yaml.Node
			if err := yaml.Unmarshal(data[i%len(data)], &doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
