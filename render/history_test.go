package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/accuracy"
	"github.com/dealsascode/deals/internal/movement"
	"github.com/dealsascode/deals/internal/repo"
	"golang.org/x/net/html"
)

// TestMovementPageIsTheReport: every figure of the page's waterfalls is
// the one movement.Compute gives for the same window and moments (this
// week, this month, this quarter, up to the end of today), bar by bar, and
// each bar lists its deals, so that the page and deals report movement
// can never tell two stories.
func TestMovementPageIsTheReport(t *testing.T) {
	lg := examplesHistory(t)
	cfg, err := repo.LoadConfig("../examples/deals.config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{today, "2026-10-01", "2026-12-02"} {
		site, _ := build(t, "../examples", func(o *Options) { o.history, o.Today = lg, day })
		data, err := os.ReadFile(filepath.Join(site, "movement.html"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse(time.DateOnly, day)
		w, _ := movement.ParseWindow("this-quarter", d)
		to := d.Add(24*time.Hour - time.Second).Unix()
		quarterStart, _ := time.Parse(time.DateOnly, w.From)
		from := map[string]int64{
			"week":    to - 7*24*3600,
			"month":   time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).Unix() - 1,
			"quarter": quarterStart.Unix() - 1,
		}
		sections := 0
		for _, sec := range findAll(doc, func(n *html.Node) bool { return n.Data == "section" && nodeAttr(n, "data-period") != "" }) {
			period := nodeAttr(sec, "data-period")
			f, ok := from[period]
			if !ok {
				t.Fatalf("%s: a waterfall of an unknown period %q", day, period)
			}
			sections++
			rep := movement.Compute(lg, cfg, f, to, w, "")
			if rep.Total.Sum() != rep.Total.Amounts[movement.End] {
				t.Fatalf("%s %s: the report does not add up", day, period)
			}
			rows := findAll(sec, func(n *html.Node) bool { return n.Data == "tr" && nodeAttr(n, "data-bar") != "" })
			if len(rows) != len(movement.Bars) {
				t.Fatalf("%s %s: %d bars on the page, want %d", day, period, len(rows), len(movement.Bars))
			}
			moved := 0
			for i, tr := range rows {
				bar := movement.Bar(nodeAttr(tr, "data-bar"))
				if bar != movement.Bars[i] {
					t.Errorf("%s %s: bar %d is %s, want %s", day, period, i, bar, movement.Bars[i])
				}
				cells := findAll(tr, func(n *html.Node) bool { return n.Data == "td" })
				amount, err := strconv.ParseFloat(nodeAttr(cells[0], "data-v"), 64)
				if err != nil || amount != rep.Total.Amounts[bar] {
					t.Errorf("%s %s %s: the page says %s, the report %v", day, period, bar, nodeAttr(cells[0], "data-v"), rep.Total.Amounts[bar])
				}
				if got := textOf(cells[1]); got != strconv.Itoa(len(rep.Total.Deals[bar])) {
					t.Errorf("%s %s %s: %s deals on the page, %d in the report", day, period, bar, got, len(rep.Total.Deals[bar]))
				}
				if bar.Sign() == 0 {
					continue
				}
				moved += len(rep.Total.Deals[bar])
				// The deals behind the bar, the largest first, as the report has them.
				var listed []*html.Node
				for _, det := range findAll(sec, func(n *html.Node) bool { return n.Data == "details" && nodeAttr(n, "data-bar") == string(bar) }) {
					listed = findAll(det, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" })
				}
				if len(listed) != len(rep.Total.Deals[bar]) {
					t.Errorf("%s %s %s: %d deals listed, %d in the report", day, period, bar, len(listed), len(rep.Total.Deals[bar]))
					continue
				}
				for j, e := range rep.Total.Deals[bar] {
					if !strings.Contains(renderNode(listed[j]), e.Title) {
						t.Errorf("%s %s %s: row %d is not %s", day, period, bar, j, e.ID)
					}
				}
			}
			if day == today && moved == 0 {
				t.Errorf("%s %s: nothing moved, so the test tests little", day, period)
			}
		}
		if sections != 3 {
			t.Errorf("%s: %d waterfalls, want 3", day, sections)
		}
	}
	// The quarter's figures by hand, from history.tsv: three deals pushed
	// out of 2026-Q4, two won, the amounts raised on the way.
	site, _ := build(t, "../examples", func(o *Options) { o.history = lg })
	page, _ := os.ReadFile(filepath.Join(site, "movement.html"))
	quarter := page[bytes.Index(page, []byte(`data-period="quarter"`)):]
	for _, want := range []string{
		`<tr data-bar="start" class="total"><th scope="row">start</th><td data-v="4195640">4,195,640 USD</td><td>5</td></tr>`,
		`<tr data-bar="pushed_out"><th scope="row">− pushed out</th><td data-v="3354600">3,354,600 USD</td><td>3</td></tr>`,
		`<tr data-bar="won"><th scope="row">− won</th><td data-v="1394712">1,394,712 USD</td><td>2</td></tr>`,
		`<a href="deals/silver-basin-mill-pdm-2027.html">Predictive maintenance for the Carlin mill (SAG mill, crushers, slurry pumps)</a></th><td><a href="people/marcus-webb.html">Marcus Webb</a></td><td class="num">2,400,000 USD</td><td>close date 2026-12-18 → 2027-01-29</td>`,
		`<td class="num">150,000 USD</td><td>amount 1,200,000 USD → 1,350,000 USD</td>`,
		`<td class="num">1,350,000 USD</td><td>Negotiate → Won</td>`,
	} {
		if !bytes.Contains(quarter, []byte(want)) {
			t.Errorf("this quarter's waterfall lacks %s", want)
		}
	}
	// In Chinese, amounts in 万.
	zh, _ := build(t, "../examples", func(o *Options) { o.history, o.Lang = lg, "zh" })
	page, _ = os.ReadFile(filepath.Join(zh, "movement.html"))
	if !bytes.Contains(page, []byte(`<td data-v="3354600">335.46万 USD</td>`)) || !bytes.Contains(page, []byte(">−335.46万</text>")) {
		t.Error("the Chinese page does not write amounts in 万, in the table and on the bars")
	}
}

// TestAccuracyPageIsTheReport: the page's tables are accuracy.Compute's
// figures over all of the history to today, reps by name.
func TestAccuracyPageIsTheReport(t *testing.T) {
	lg := examplesHistory(t)
	cfg, err := repo.LoadConfig("../examples/deals.config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	site, _ := build(t, "../examples", func(o *Options) { o.history = lg })
	page, err := os.ReadFile(filepath.Join(site, "accuracy.html"))
	if err != nil {
		t.Fatal(err)
	}
	rep := accuracy.Compute(lg, cfg, 0, endOfDay(today), "owner")
	if rep.Total.Won != 2 || rep.Total.Lost != 1 {
		t.Fatalf("the examples' history closed %d won and %d lost deals, want 2 and 1", rep.Total.Won, rep.Total.Lost)
	}
	for _, want := range []string{
		`The forecasts of the deals closed from the start of the history to 2026-11-26: 2 won, 1 lost.`,
		`<a href="people/marcus-webb.html">Marcus Webb</a></th><td>1</td><td>0</td><td data-v="1.0000">100%</td><td data-v="2">2 times, 37 days (deals that slipped: 1)</td><td data-v="1.1250">1,350,000 USD of 1,200,000 USD (1.12)</td>`,
		`<tfoot><tr><th scope="row">Everyone</th><td>2</td><td>1</td><td data-v="0.6667">67%</td>`,
		`<th scope="row">2026-Q3</th><td>0</td><td>1</td>`,
		`<th scope="row">Qualify</th><td>15%</td><td>67% <span class="muted">(too few to go by: under 20)</span></td><td>2 of 3</td>`,
		`<th scope="row">Prospect</th><td>5%</td><td><span class="muted">no closed deal reached it</span></td>`,
		`class="svg-graphic svg-calibration"`,
		`Brier: the mean of (p - outcome)²`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the accuracy page lacks %s", want)
		}
	}
	for _, g := range rep.Groups {
		if !bytes.Contains(page, []byte(`href="people/`+g.Name+`.html"`)) {
			t.Errorf("%s has no line linked to their page", g.Name)
		}
	}
}

// TestHistoryPagesWithoutGit: deals outside a git repository get both
// pages all the same, saying why they have no figures, with no graphic.
func TestHistoryPagesWithoutGit(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "deals"), 0o755)
	deal, _ := os.ReadFile("../examples/deals/huaxin-steel-pdm-2027.yaml")
	os.WriteFile(filepath.Join(dir, "deals", "huaxin.yaml"), deal, 0o644)
	for _, lang := range []string{"en", "zh"} {
		site, _ := build(t, dir, func(o *Options) { o.noHistory, o.Lang = false, lang })
		tr, _ := newTranslator(lang)
		for _, name := range []string{"movement.html", "accuracy.html"} {
			page, err := os.ReadFile(filepath.Join(site, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(page, []byte(htmlText(tr.T("history.off.git")))) {
				t.Errorf("%s %s does not say the history is left out", lang, name)
			}
			if bytes.Contains(page, []byte("<svg")) {
				t.Errorf("%s %s draws a graphic without history", lang, name)
			}
		}
	}
}

// htmlText is s as html/template writes it in an element.
func htmlText(s string) string {
	var b strings.Builder
	html.Render(&b, &html.Node{Type: html.TextNode, Data: s})
	return b.String()
}

// findAll lists the elements under n that match, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// TestHistorySize: the history's part of the collector's budget is one
// file for each version the builds keep, and nothing without a history.
func TestHistorySize(t *testing.T) {
	lg := examplesHistory(t)
	want := 0
	for _, tl := range lg.Deals {
		want += len(tl.States)
	}
	b, err := New(Options{Paths: []string{"../examples"}, history: lg})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.HistorySize(); got != want || want == 0 {
		t.Errorf("HistorySize = %d, want %d", got, want)
	}
	none, err := New(Options{Paths: []string{"../examples"}, noHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer none.Close()
	if got := none.HistorySize(); got != 0 {
		t.Errorf("without a history: HistorySize = %d", got)
	}
}
