package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/attention"
	"github.com/dealsascode/deals/internal/dealgen"
	"golang.org/x/net/html"
)

// TestCSSString: a text becomes one CSS string, whatever it holds.
func TestCSSString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"coach", `"coach"`},
		{"决策者", `"决策者"`},
		{`say "hi"`, `"say \22 hi\22 "`},
		{`a\b`, `"a\5c b"`},
		{"it's </style>", `"it\27 s \3c /style\3e "`},
		{"a;b}c", `"a;b}c"`},
		{"line\nbreak & more", `"line\a break \26  more"`},
	}
	for _, tt := range tests {
		if got := cssString(tt.in); got != tt.want {
			t.Errorf("cssString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// boardCards are the cards of a built board, by column key: each card's
// data-v and its markup.
type boardCardHTML struct{ V, HTML string }

var cardPattern = regexp.MustCompile(`<li data-v="([^"]*)">.*</li>`)

func readBoard(t *testing.T, site string) (map[string][]boardCardHTML, []byte) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(site, "pipeline.html"))
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string][]boardCardHTML{}
	key := ""
	for _, line := range strings.Split(string(page), "\n") {
		if m := regexp.MustCompile(`^<details class="column[^"]*" data-key="([^"]*)"`).FindStringSubmatch(line); m != nil {
			key = m[1]
		}
		if m := cardPattern.FindStringSubmatch(line); m != nil {
			cols[key] = append(cols[key], boardCardHTML{V: html.UnescapeString(m[1]), HTML: line})
		}
	}
	return cols, page
}

// readMore reads a site's companion script of the board: the cards its
// columns do not show, by column key.
func readMore(t *testing.T, site string) map[string][]string {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(site, boardMoreScript))
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(script, []byte("// The cards of the board's columns that pipeline.html does not show, written by deals build.\nwindow.dealsBoardMore("))
	body, ok2 := bytes.CutSuffix(body, []byte(");\n"))
	if !ok || !ok2 {
		t.Fatalf("the companion script is not one call of dealsBoardMore:\n%.300s", script)
	}
	var more map[string][]string
	if err := json.Unmarshal(body, &more); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(body, []byte("<li data-v=")) {
		t.Errorf("the companion script's markup is escaped more than JSON needs:\n%.300s", body)
	}
	return more
}

// TestBoardFigures: every column's count and total are its cards', in the
// numbers the cards carry for the script, so that the script's totals for
// no filter are the page's; the page's totals are its columns'.
func TestBoardFigures(t *testing.T) {
	site, _ := build(t, "../examples", nil)
	cols, page := readBoard(t, site)
	figure := func(key, f string) string {
		m := regexp.MustCompile(`data-key="` + regexp.QuoteMeta(key) + `"[^\n]*\n<summary>.*?data-f="` + f + `">([^<]*)<`).FindSubmatch(page)
		if m == nil {
			t.Fatalf("column %s has no figure %s", key, f)
		}
		return string(m[1])
	}
	tr, _ := newTranslator("en")
	var open, cents int64
	for _, key := range []string{"prospect", "qualify", "develop", "propose", "negotiate"} {
		var sum int64
		for _, c := range cols[key] {
			fields := strings.Fields(c.V)
			if len(fields) < 8 || len(fields) > 9 {
				t.Fatalf("%s: data-v %q has %d fields", key, c.V, len(fields))
			}
			if fields[7] != "x" {
				n, err := strconv.ParseInt(fields[7], 10, 64)
				if err != nil {
					t.Fatalf("%s: cents %q", key, fields[7])
				}
				sum += n
			}
		}
		if got, want := figure(key, "n"), strconv.Itoa(len(cols[key])); got != want {
			t.Errorf("%s counts %s deals, has %s cards", key, got, want)
		}
		if got, want := figure(key, "t"), tr.money(float64(sum)/100, "USD"); got != want {
			t.Errorf("%s totals %s, its cards %s", key, got, want)
		}
		open += int64(len(cols[key]))
		cents += sum
	}
	if !bytes.Contains(page, fmt.Appendf(nil, `data-f="open-n">%d<`, open)) || !bytes.Contains(page, []byte(`data-f="open-t">`+tr.money(float64(cents)/100, "USD")+`<`)) {
		t.Errorf("the page's open totals are not its columns' (%d deals, %d cents)", open, cents)
	}
	for _, key := range []string{"won", "lost"} {
		if !bytes.Contains(page, fmt.Appendf(nil, `data-f="%s-n">%d<`, key, len(cols[key]))) {
			t.Errorf("the page does not count the %d %s deals", len(cols[key]), key)
		}
	}
	// Won and lost are folded, and their deals listed without the open
	// deals' parts.
	for _, key := range []string{"won", "lost"} {
		if !bytes.Contains(page, []byte(`<details class="column folded" data-key="`+key+`"`)) || bytes.Contains(page, []byte(`data-key="`+key+`" data-kind="`+key+`" data-p="100" open>`)) {
			t.Errorf("%s is not folded", key)
		}
		for _, c := range cols[key] {
			if strings.Contains(c.HTML, `class="who`) {
				t.Errorf("%s lists a card in full: %s", key, c.HTML)
			}
		}
	}
}

// TestBoardFlagsSpeakAsNeedsAttention: a card's flags are the reasons the
// Needs attention page gives the deal, in its order, and every reason has
// its words and its place in the stylesheet.
func TestBoardFlagsSpeakAsNeedsAttention(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "deals.config.yaml"), dealgen.Config(), 0o644)
	for i := range 200 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("d%03d.yaml", i)), dealgen.Deal(1, i), 0o644)
	}
	site, _ := build(t, dir, nil)
	cols, _ := readBoard(t, site)
	index, _ := os.ReadFile(filepath.Join(site, "index.html"))

	// The Needs attention page: each deal's page and its flags, in order.
	want := map[string]string{}
	for _, group := range regexp.MustCompile(`(?s)<tbody class="attention-deal".*?</tbody>`).FindAll(index, -1) {
		page := regexp.MustCompile(`<a href="(deals/[^"]+)"`).FindSubmatch(group)
		var kinds []string
		for _, m := range regexp.MustCompile(`<span class="flag ([ewi])">([^<]*)</span>`).FindAllSubmatch(group, -1) {
			kinds = append(kinds, string(m[1])+":"+kindOfFlag(t, string(m[2])))
		}
		want[string(page[1])] = strings.Join(kinds, " ")
	}
	flagged := 0
	for _, cards := range cols {
		for _, c := range cards {
			page := regexp.MustCompile(`<a href="([^"]+)"`).FindStringSubmatch(c.HTML)[1]
			var got []string
			for _, m := range regexp.MustCompile(`<li class="([ewi]) ([a-zA-Z]+)"></li>`).FindAllStringSubmatch(c.HTML, -1) {
				if m[2] != boardFlagInvalid {
					got = append(got, m[1]+":"+m[2])
				}
			}
			if len(got) > 0 {
				flagged++
			}
			if strings.Join(got, " ") != want[page] {
				t.Errorf("%s: the card flags %q, Needs attention says %q", page, strings.Join(got, " "), want[page])
			}
		}
	}
	if flagged < 20 {
		t.Errorf("only %d of 200 generated cards have flags; the test needs more", flagged)
	}

	css, _ := assetFS.ReadFile("assets/style.css")
	for _, lang := range Languages {
		tr, _ := newTranslator(lang)
		for _, k := range append(attention.Kinds, boardFlagInvalid) {
			for _, key := range []string{"attention." + string(k) + ".flag", "attention." + string(k) + ".why", "attention." + string(k) + ".do"} {
				if k == boardFlagInvalid {
					key = "flag.invalid"
				}
				if !tr.Has(key) {
					t.Errorf("%s: no text %s", lang, key)
				}
			}
		}
	}
	for _, k := range append(attention.Kinds, boardFlagInvalid) {
		if rule := fmt.Sprintf(".cards .%s::before { content: var(--f-%s); }", k, k); !bytes.Contains(css, []byte(rule)) {
			t.Errorf("style.css lacks %s", rule)
		}
	}
}

// kindOfFlag is the reason whose flag reads label, in English.
func kindOfFlag(t *testing.T, label string) string {
	tr, _ := newTranslator("en")
	for _, k := range attention.Kinds {
		if tr.T("attention."+string(k)+".flag") == html.UnescapeString(label) {
			return string(k)
		}
	}
	t.Fatalf("no reason has the flag %q", label)
	return ""
}

// TestBoardUnknownStage: deals at a stage the pipeline lacks get a column
// of their own, open, with full cards and no weighted total, counted in
// none of the page's totals.
func TestBoardUnknownStage(t *testing.T) {
	dir := t.TempDir()
	deal := "id: %s\ntitle: %s\naccount: {name: A, size: small}\nproduct: {name: P, complexity: simple}\nowner: li-na\nstage: %s\namount: {value: 1000}\nclose_date: 2027-01-31\n"
	os.WriteFile(filepath.Join(dir, "a.yaml"), fmt.Appendf(nil, deal, "a", "A", "pilot"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yaml"), fmt.Appendf(nil, deal, "b", "B", "qualify"), 0o644)
	site, _ := build(t, dir, nil)
	cols, page := readBoard(t, site)
	if len(cols["*"]) != 1 || !strings.Contains(cols["*"][0].HTML, `class="who`) {
		t.Errorf("the unknown stage's column: %v", cols["*"])
	}
	if !bytes.Contains(page, []byte(`<details class="column" data-key="*" data-kind="unknown" open>`)) {
		t.Error("the unknown stage's column is not open, or has a probability")
	}
	if !bytes.Contains(page, []byte(`data-f="open-n">1<`)) || !bytes.Contains(page, []byte(`data-f="open-t">1,000 USD<`)) {
		t.Error("the page's open totals count the deal at an unknown stage")
	}
}

// TestBoardLongColumns: a column of more cards than the board shows shows
// its first ones and links to its own pages, which hold every card of it
// in order; the companion script holds the cards the board leaves out.
// Together they are the board a build without the cap makes, with the
// same figures.
func TestBoardLongColumns(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			full, _ := build(t, "../examples", func(o *Options) { o.Lang = lang })
			capped, res := build(t, "../examples", func(o *Options) { o.Lang, o.boardCards, o.columnPageCards = lang, 2, 3 })
			_, fullRes := build(t, "../examples", func(o *Options) { o.Lang = lang })
			want, wantPage := readBoard(t, full)
			got, page := readBoard(t, capped)

			if _, err := os.Stat(filepath.Join(full, boardMoreScript)); !os.IsNotExist(err) {
				t.Errorf("a board that shows every card has a companion script (%v)", err)
			}
			more := readMore(t, capped)

			pages := 0
			long := 0
			for key, cards := range want {
				var markup []string
				for _, c := range cards {
					markup = append(markup, strings.TrimSuffix(c.HTML, "\n"))
				}
				shown := got[key]
				if len(shown) != min(len(cards), 2) {
					t.Errorf("column %s shows %d of %d cards, want %d", key, len(shown), len(cards), min(len(cards), 2))
					continue
				}
				for i, c := range shown {
					if c.HTML != cards[i].HTML {
						t.Errorf("column %s card %d differs from the full board's:\n%s\n%s", key, i, c.HTML, cards[i].HTML)
					}
				}
				link := `href="` + columnPage(key, 1) + `" data-more>`
				if len(cards) <= 2 {
					if _, ok := more[key]; ok || strings.Contains(string(page), link) {
						t.Errorf("column %s of %d cards has more", key, len(cards))
					}
					continue
				}
				long++
				if !strings.Contains(string(page), link) {
					t.Errorf("column %s of %d cards has no link to its pages", key, len(cards))
				}
				if rest := markup[2:]; !slices.Equal(more[key], rest) {
					t.Errorf("the companion script's cards of %s:\n%s\nwant\n%s", key, more[key], rest)
				}
				// The column's pages, three cards each, in order.
				var all []string
				n := (len(cards) + 2) / 3
				for i := 1; i <= n; i++ {
					text, err := os.ReadFile(filepath.Join(capped, columnPage(key, i)))
					if err != nil {
						t.Fatal(err)
					}
					pages++
					for _, m := range cardPattern.FindAllString(string(text), -1) {
						all = append(all, m)
					}
					if prev := `href="` + columnPage(key, i-1) + `" rel="prev"`; (i > 1) != strings.Contains(string(text), prev) {
						t.Errorf("page %d of %s: a link to the page before is %v", i, key, !(i > 1))
					}
					if next := `href="` + columnPage(key, i+1) + `" rel="next"`; (i < n) != strings.Contains(string(text), next) {
						t.Errorf("page %d of %s: a link to the page after is %v", i, key, !(i < n))
					}
				}
				if _, err := os.Stat(filepath.Join(capped, columnPage(key, n+1))); !os.IsNotExist(err) {
					t.Errorf("column %s has a page %d (%v)", key, n+1, err)
				}
				if strings.Join(all, "\n") != strings.Join(markup, "\n") {
					t.Errorf("the pages of %s hold\n%s\nwant\n%s", key, strings.Join(all, "\n"), strings.Join(markup, "\n"))
				}
			}
			if long == 0 {
				t.Fatal("no column of the examples has more than two cards")
			}
			if res.Pages != fullRes.Pages+pages {
				t.Errorf("%d pages, want the full build's %d and %d column pages", res.Pages, fullRes.Pages, pages)
			}
			// The figures are the whole board's.
			figures := regexp.MustCompile(`data-f="[^"]*">[^<]*<`)
			if g, w := figures.FindAllString(string(page), -1), figures.FindAllString(string(wantPage), -1); !slices.Equal(g, w) {
				t.Errorf("the capped board's figures %v, want %v", g, w)
			}
			if n := regexp.MustCompile(`data-n="(\d+)"`).FindStringSubmatch(string(page)); n == nil || n[1] != strconv.Itoa(fullRes.Deals) {
				t.Errorf("the board counts %v cards, want %d", n, fullRes.Deals)
			}
		})
	}
}

// TestColumnPage: the names of columns' pages never meet.
func TestColumnPage(t *testing.T) {
	tests := []struct {
		key  string
		n    int
		want string
	}{
		{"qualify", 1, "pipeline-qualify.1.html"},
		{"qualify", 12, "pipeline-qualify.12.html"},
		{"qualify.2", 1, "pipeline-qualify.2.1.html"},
		{"*", 1, "pipeline.unknown.1.html"},
		{"unknown", 1, "pipeline-unknown.1.html"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		got := columnPage(tt.key, tt.n)
		if got != tt.want {
			t.Errorf("columnPage(%q, %d) = %s, want %s", tt.key, tt.n, got, tt.want)
		}
		if seen[got] {
			t.Errorf("%s named twice", got)
		}
		seen[got] = true
	}
}
