package deal

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/source"
)

// parseReference is Parse the slow way: yaml.v3 reads the file and the
// JSON Schema validator judges it.
func parseReference(file string, data []byte) (*Deal, []*source.Error) {
	return parse(file, data, source.ParseSlowly, source.Explain)
}

// sameParse says how the fast and the reference parse of data differ: the
// problems (positions, messages) and the decoded deal, or "".
func sameParse(data []byte) string {
	d1, p1 := Parse("f.yaml", data)
	d2, p2 := parseReference("f.yaml", data)
	if a, b := problemList(p1), problemList(p2); a != b {
		return fmt.Sprintf("problems differ:\nfast:\n%s\nreference:\n%s", a, b)
	}
	if (d1 == nil) != (d2 == nil) {
		return "one parse has a deal, the other none"
	}
	if d1 == nil {
		return ""
	}
	if !reflect.DeepEqual(d1.Detached(), d2.Detached()) {
		return "the decoded deals differ"
	}
	for line := 1; line <= min(strings.Count(string(data), "\n")+1, 300); line++ {
		for col := 1; col <= 13; col += 3 {
			p := source.Pos{Line: line, Col: col}
			if a, b := d1.PathAt(p), d2.PathAt(p); a != b {
				return fmt.Sprintf("at %d:%d the field is %q, the reference says %q", line, col, a, b)
			}
		}
	}
	return ""
}

func problemList(ps []*source.Error) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%d:%d %s %s\n", p.Line, p.Col, p.Key, p.Error())
	}
	return b.String()
}

// TestParseMatchesReference: the fast reader and the compiled schema
// checker find what yaml.v3 and the validator find, at the same places,
// on every example, the test files, and generated deals whole and broken.
func TestParseMatchesReference(t *testing.T) {
	var inputs [][]byte
	for _, pattern := range []string{"testdata/*.yaml", "../../examples/deals/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, data)
		}
	}
	n := 200
	if testing.Short() {
		n = 40
	}
	breaks := []struct{ from, to string }{
		{"stage: ", "stage: nowhere\nx_"},            // an unknown stage and an unknown key
		{"value: ", "value: lots\nx: "},              // a text where a number goes
		{"close_date: '", "close_date: '2027-02-30"}, // not a day
		{"currency: ", "currency: euro\nz: "},
		{"  - id: ", "  - id: Bad Id\n    x: "},
		{"title: ", "title:\n"},           // a required field empty
		{"owner: ", "owner: [a, b]\nq: "}, // a list where a text goes
		{"\n", "\n\tbad: tab\n"},          // a syntax error
	}
	for i := range n {
		data := dealgen.Deal(int64(i%4), i)
		inputs = append(inputs, data)
		b := breaks[i%len(breaks)]
		inputs = append(inputs, []byte(strings.Replace(string(data), b.from, b.to, 1)))
	}
	for i, data := range inputs {
		if d := sameParse(data); d != "" {
			t.Fatalf("input %d: %s\n%s", i, d, data)
		}
	}
}

// FuzzParseMatchesReference holds the fast paths to the reference on any input.
func FuzzParseMatchesReference(f *testing.F) {
	f.Add([]byte("id: a\n"))
	f.Add(dealgen.Deal(1, 5))
	f.Add(dealgen.Deal(2, 9))
	files, _ := filepath.Glob("../../examples/deals/*.yaml")
	for _, file := range files[:min(3, len(files))] {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := sameParse(data); d != "" {
			t.Fatalf("%s\n%s", d, data)
		}
	})
}
