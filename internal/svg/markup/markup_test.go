package markup_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/dealsascode/deals/internal/svg/markup"
)

func TestSVGWriterRefuses(t *testing.T) {
	tests := []struct {
		name string
		f    func(w *markup.Writer)
	}{
		{"script", func(w *markup.Writer) { w.Start("script") }},
		{"foreignObject", func(w *markup.Writer) { w.Leaf("foreignObject") }},
		{"a", func(w *markup.Writer) { w.Start("a") }},
		{"onclick", func(w *markup.Writer) { w.Leaf("rect", markup.A("onclick", "x")) }},
		{"OnLoad", func(w *markup.Writer) { w.Leaf("rect", markup.A("OnLoad", "x")) }},
		{"href", func(w *markup.Writer) { w.Leaf("rect", markup.A("xlink:href", "x")) }},
		{"attribute injection", func(w *markup.Writer) { w.Leaf("rect", markup.A(`x="1" onclick`, "x")) }},
		{"end mismatch", func(w *markup.Writer) { w.Start("g"); w.End("text") }},
		{"left open", func(w *markup.Writer) { w.Start("svg"); w.Start("g"); w.HTML() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tt.f(&markup.Writer{})
		})
	}
}

func TestEscape(t *testing.T) {
	w := &markup.Writer{}
	w.Start("text", markup.A("class", "a\"b<"))
	w.Text("a&b<c>d\"e'f=g\nh\x00i\xffj\tk")
	want := `<text class="a&#34;b&lt;">` + "a&amp;b&lt;c&gt;d&#34;e&#39;f&#61;g&#10;h\uFFFDi\uFFFDj k</text>"
	if got := string(w.HTML()); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFragment(t *testing.T) {
	legend := &markup.Writer{}
	legend.Elem("text", "<b>")
	f := legend.Fragment()
	w := &markup.Writer{}
	w.Start("svg")
	w.Insert(f)
	w.Insert(f)
	if got := string(w.HTML()); got != "<svg><text>&lt;b&gt;</text><text>&lt;b&gt;</text></svg>" {
		t.Errorf("got %q", got)
	}
	open := &markup.Writer{}
	open.Start("g")
	defer func() {
		if recover() == nil {
			t.Error("a fragment with an open element does not panic")
		}
	}()
	open.Fragment()
}

func TestFmtNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {-0.04, "0"}, {1.25, "1.3"}, {10, "10"},
		{1e21, "1000000000000000000000"}, {1e-9, "0"}, {-3.5, "-3.5"}, {math.NaN(), "0"}, {math.Inf(-1), "0"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.v), func(t *testing.T) {
			if got := markup.Num(tt.v); got != tt.want {
				t.Errorf("markup.Num(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}
