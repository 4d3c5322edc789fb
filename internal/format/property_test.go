package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/dealgen"
	"gopkg.in/yaml.v3"
)

// TestProperties formats every bundled example and generated deals, also
// with their top-level entries in reverse order, and checks that the data
// and the comments stay and that formatting again changes nothing.
func TestProperties(t *testing.T) {
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	files, err := filepath.Glob("../../examples/deals/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{filepath.Base(f), data})
	}
	n := 300
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		inputs = append(inputs, input{fmt.Sprintf("dealgen-%d", i), dealgen.Deal(1, i)})
	}
	for _, in := range inputs {
		reversed := reverseTopLevel(in.data)
		var canonical []byte
		for _, variant := range []struct {
			name string
			data []byte
		}{{"as written", in.data}, {"reversed", reversed}} {
			t.Run(in.name+"/"+variant.name, func(t *testing.T) {
				if variant.name == "reversed" {
					assertSameData(t, in.data, variant.data) // the test's own transformation keeps the data
				}
				out, err := Source("f.yaml", variant.data)
				if err != nil {
					t.Fatal(err)
				}
				assertSameData(t, variant.data, out)
				assertSameComments(t, variant.data, out)
				again, err := Source("f.yaml", out)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again, out) {
					t.Fatalf("formatting again changes it:\n%s", lineDiff(string(out), string(again)))
				}
				if canonical == nil {
					canonical = out
				} else if !bytes.Equal(canonical, out) {
					// The order of the entries does not matter at all: comments travel with theirs.
					t.Fatalf("the reversed file formats differently:\n%s", lineDiff(string(canonical), string(out)))
				}
			})
		}
	}
}

// reverseTopLevel reverses the order of a file's top-level entries; the
// comments before the first entry stay first.
func reverseTopLevel(data []byte) []byte {
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n")+"\n", "\n")
	var head []string
	var entries [][]string
	for _, l := range lines {
		if l == "" {
			continue
		}
		starts := strings.IndexByte(" #-\n", l[0]) < 0
		switch {
		case starts:
			entries = append(entries, []string{l})
		case len(entries) == 0:
			head = append(head, l)
		default:
			entries[len(entries)-1] = append(entries[len(entries)-1], l)
		}
	}
	var b strings.Builder
	for _, l := range head {
		b.WriteString(l)
	}
	for i := len(entries) - 1; i >= 0; i-- {
		for _, l := range entries[i] {
			b.WriteString(l)
		}
	}
	return []byte(b.String())
}

// assertSameData checks, independently of the formatter's own check, that
// yaml.v3 reads the same data and the same scalar types from a and b.
func assertSameData(t *testing.T, a, b []byte) {
	t.Helper()
	var va, vb any
	if err := yaml.Unmarshal(a, &va); err != nil {
		t.Fatalf("original: %v", err)
	}
	if err := yaml.Unmarshal(b, &vb); err != nil {
		t.Fatalf("formatted: %v\n%s", err, b)
	}
	if !reflect.DeepEqual(va, vb) {
		t.Fatalf("data differs:\n%s", lineDiff(string(a), string(b)))
	}
	ta, tb := map[string]int{}, map[string]int{}
	tags(a, ta)
	tags(b, tb)
	if !reflect.DeepEqual(ta, tb) {
		t.Fatalf("scalar types differ: %v vs %v", ta, tb)
	}
}

// tags counts the scalars of each tag and value.
func tags(data []byte, count map[string]int) {
	var n yaml.Node
	if yaml.Unmarshal(data, &n) != nil {
		return
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			count[n.ShortTag()+" "+n.Value]++
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&n)
}

// assertSameComments checks that the same comment texts are in a and b,
// as yaml.v3 reads them and as the lines of the text hold them.
func assertSameComments(t *testing.T, a, b []byte) {
	t.Helper()
	ca, cb := commentCounts(a), commentCounts(b)
	if !reflect.DeepEqual(ca, cb) {
		t.Fatalf("comments differ: %v vs %v", ca, cb)
	}
	ta, _ := normalize(a)
	tb, _ := normalize(b)
	if la, lb := lexicalComments(ta), lexicalComments(tb); !sameCounts(la, lb) {
		t.Fatalf("comment lines differ: %q vs %q", la, lb)
	}
}

func commentCounts(data []byte) map[string]int {
	var n yaml.Node
	_ = yaml.Unmarshal(data, &n)
	count := map[string]int{}
	for _, c := range nodeComments(&n, nil) {
		count[c]++
	}
	return count
}

// lineDiff is a short unified diff for failure messages.
func lineDiff(a, b string) string {
	return Diff("before", "after", []byte(a), []byte(b))
}
