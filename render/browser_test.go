package render

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/dealsascode/deals/internal/browsertest"
	"github.com/dealsascode/deals/internal/dealgen"
)

var screenshots = flag.String("screenshots", "", "also save the browser test's screenshots in this folder")

// needBrowser finds Chromium (see browsertest.Need).
func needBrowser(t *testing.T) string {
	t.Helper()
	return browsertest.Need(t)
}

// browser starts headless Chromium and records every console error,
// uncaught exception and dialog (an alert() that got through).
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
}

func newBrowser(t *testing.T, exe string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("allow-file-access-from-files", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browser{ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value))
				}
				b.errors = append(b.errors, "console: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.errors = append(b.errors, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *page.EventJavascriptDialogOpening:
			b.errors = append(b.errors, "dialog opened: "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatalf("listening to Chromium: %v", err)
	}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return b
}

func (b *browser) failures() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errors...)
}

// discard runs an action for its effect only.
func discard[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

func fileURL(p string) string {
	abs, _ := filepath.Abs(p)
	return "file://" + filepath.ToSlash(abs)
}

// TestInBrowser loads the built examples in real Chromium: no console
// errors, the filters work, links lead where they say.
func TestInBrowser(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", nil)
	b := newBrowser(t, exe)

	ctx := b.ctx
	count := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#board li[data-v]:not([hidden])").length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	step := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	step(chromedp.Navigate(fileURL(filepath.Join(site, "pipeline.html"))), chromedp.WaitVisible(chromedp.ID("filters")))
	all := count()
	// Filter by the owner of the first card.
	owner, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){
		var i = +document.querySelector("#board li[data-v]").getAttribute("data-v").split(" ")[0];
		var s = document.querySelector("select[name=owner]");
		s.selectedIndex = i + 1; s.dispatchEvent(new Event("change", {bubbles: true}));
		return s.value; })()`))
	if err != nil {
		t.Fatal(err)
	}
	afterOwner := count()
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("output[name=shown]").value`))
	if err != nil {
		t.Fatal(err)
	}
	step(discard(chromedp.Evaluate[bool](`document.getElementById("filters").reset() || true`)),
		chromedp.SendKeys(chromedp.CSS("input[name=q]"), "huaxin"),
		// The search applies once typing pauses.
		discard(chromedp.Poll[bool](`document.querySelector("output[name=shown]").value !== "15 / 15" || null`, chromedp.WithPollingTimeout(5*time.Second))))
	afterSearch := count()
	firstTitle, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#board li[data-v]:not([hidden]) > a")))
	if err != nil {
		t.Fatal(err)
	}
	step(chromedp.Click(chromedp.CSS("#board li[data-v]:not([hidden]) > a")), chromedp.WaitVisible(chromedp.CSS("article.deal h1")))
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.deal h1")))
	if err != nil {
		t.Fatal(err)
	}
	if all != 15 {
		t.Errorf("%d cards visible before filtering, want 15", all)
	}
	if afterOwner == 0 || afterOwner >= all {
		t.Errorf("filtering by owner %q shows %d of %d cards", owner, afterOwner, all)
	}
	if shown != fmt.Sprintf("%d / %d", afterOwner, all) {
		t.Errorf("the filter reports %q, want %d / %d", shown, afterOwner, all)
	}
	if afterSearch != 1 {
		t.Errorf("searching for huaxin shows %d cards, want 1", afterSearch)
	}
	if title == "" || title != firstTitle {
		t.Errorf("the card link led to %q, want %q", title, firstTitle)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "deal.png", png)
	if png, err = chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID("step-3"))); err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "stakeholder-map.png", png)
	step(chromedp.Navigate(fileURL(filepath.Join(site, "pipeline.html"))), chromedp.WaitVisible(chromedp.ID("filters")))
	if png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "pipeline.png", png)
	for _, p := range []string{"forecast.html", "coaching.html", "errors.html", "rules/players-coach.html"} {
		step(chromedp.Navigate(fileURL(filepath.Join(site, p))), chromedp.WaitReady(chromedp.CSS("body")))
		if p == "forecast.html" {
			if png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
				t.Fatal(err)
			}
			saveScreenshot(t, "forecast.png", png)
		}
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserAttention filters the Needs attention list by owner and by
// team, restores a filter from the address, and says when nothing matches.
func TestInBrowserAttention(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", func(o *Options) { o.Today = "2027-01-20" })
	b := newBrowser(t, exe)
	ctx := b.ctx
	visible := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".attention-deal:not([hidden])").length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	page := fileURL(filepath.Join(site, "index.html"))
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("attention-filters"))); err != nil {
		t.Fatal(err)
	}
	all := visible()
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		saveScreenshot(t, "attention.png", png)
	}
	owner := eval(`(function(){
		var owner = document.querySelector(".attention-deal").getAttribute("data-owner");
		var s = document.querySelector("#attention-filters select[name=owner]");
		s.value = owner; s.dispatchEvent(new Event("change", {bubbles: true}));
		return owner; })()`)
	byOwner := visible()
	if all < 2 || byOwner == 0 || byOwner >= all {
		t.Errorf("owner %s: %d of %d deals shown", owner, byOwner, all)
	}
	if got := eval(`document.querySelector("#attention-filters output").value`); got != fmt.Sprintf("%d / %d", byOwner, all) {
		t.Errorf("shown = %q", got)
	}
	if !strings.Contains(eval(`location.hash`), "owner="+owner) {
		t.Errorf("the address does not keep the filter: %s", eval(`location.hash`))
	}
	// A team: everyone under a manager; a manager over nobody here shows
	// none and says so.
	team := eval(`(function(){
		var s = document.querySelector("#attention-filters select[name=owner]"); s.value = "";
		var t = document.querySelector("#attention-filters select[name=team]");
		t.value = t.options[1].value; t.dispatchEvent(new Event("change", {bubbles: true}));
		return t.value; })()`)
	byTeam := visible()
	noMatch := eval(`String(document.getElementById("attention-nomatch").hidden)`)
	if (byTeam == 0) != (noMatch == "false") {
		t.Errorf("team %s: %d shown, no-match message hidden=%s", team, byTeam, noMatch)
	}
	// Back: the owner's filter again.
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.querySelector("#attention-filters select[name=owner]").value + "|" + document.querySelector("#attention-filters select[name=team]").value`); got != owner+"|" || visible() != byOwner {
		t.Errorf("back: the form is %q with %d deals shown, want %s| with %d", got, visible(), owner, byOwner)
	}
	// The filter comes back from the address.
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"#owner="+owner), chromedp.WaitVisible(chromedp.ID("attention-filters"))); err != nil {
		t.Fatal(err)
	}
	if got := visible(); got != byOwner {
		t.Errorf("from the address: %d shown, want %d", got, byOwner)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserSortable: a click on a heading of a sortable table sorts
// its rows by that column, by number where the cell carries one; a second
// click the other way; the heading says which way it is sorted.
func TestInBrowserSortable(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", func(o *Options) { o.Today = "2026-12-02" })
	b := newBrowser(t, exe)
	ctx := b.ctx
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL(filepath.Join(site, "people", "helen-prescott.html"))), chromedp.WaitReady("table.sortable button.sort")); err != nil {
		t.Fatal(err)
	}
	// The team table: click "Won amount" (the 7th column).
	order := func() string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("table.sortable tbody tr")).map(function (r) { return r.cells[6].getAttribute("data-v"); }).join(",")`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	click := func() string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){ var th = document.querySelector("table.sortable thead tr").cells[6]; th.querySelector("button.sort").click(); return th.getAttribute("aria-sort"); })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := order()
	nums := func(s string) []float64 {
		var out []float64
		for _, f := range strings.Split(s, ",") {
			v, _ := strconv.ParseFloat(f, 64)
			out = append(out, v)
		}
		return out
	}
	if got := click(); got != "ascending" {
		t.Errorf("first click: aria-sort %q", got)
	}
	up := nums(order())
	if !sort.Float64sAreSorted(up) {
		t.Errorf("ascending: %v", up)
	}
	if got := click(); got != "descending" {
		t.Errorf("second click: aria-sort %q", got)
	}
	down := nums(order())
	if !sort.SliceIsSorted(down, func(i, j int) bool { return down[i] > down[j] }) || down[0] == down[len(down)-1] {
		t.Errorf("descending: %v (before: %s)", down, before)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserWithoutJavaScript: with scripts off, the filter forms stay
// hidden (they do nothing without them) and every deal is shown.
func TestInBrowserWithoutJavaScript(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", func(o *Options) { o.Today = "2027-01-20" })
	b := newBrowser(t, exe)
	if err := chromedp.Do(b.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	for page, form := range map[string]string{"pipeline.html": "filters", "index.html": "attention-filters"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(fileURL(filepath.Join(site, page))), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		display, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("`+form+`")).display`))
		if err != nil {
			t.Fatal(err)
		}
		if display != "none" {
			t.Errorf("%s: the filter form shows (display %s) without JavaScript", page, display)
		}
		if page != "pipeline.html" {
			continue
		}
		cards, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#board li[data-v]").length - document.querySelectorAll("#board li[data-v][hidden], #board[hidden]").length`))
		if err != nil || cards != 15 {
			t.Errorf("without JavaScript %d cards show (%v), want 15", cards, err)
		}
		// The folded columns are there, and open on a click as they do with
		// JavaScript.
		folded, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`Array.prototype.map.call(document.querySelectorAll("details.column:not([open])"), function (d) { return d.getAttribute("data-key") + ":" + d.querySelectorAll("li[data-v]").length; }).join(" ")`))
		if err != nil || folded != "won:2 lost:1" {
			t.Errorf("without JavaScript the folded columns are %q (%v), want won:2 lost:1", folded, err)
		}
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`details[data-key="won"] > summary`))); err != nil {
			t.Fatal(err)
		}
		shown, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`document.querySelector('details[data-key="won"] li[data-v]').getBoundingClientRect().height`))
		if err != nil || shown == 0 {
			t.Errorf("without JavaScript a won deal does not show once its column is opened (%v)", err)
		}
	}
	// The deal page: the map's tools hidden, the map at its own size,
	// scrolled in its frame, the coverage lines shown.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(fileURL(filepath.Join(site, "deals", "silver-basin-mill-pdm-2027.html"))), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(function(){
		var fig = document.querySelector("figure.map"), svg = fig.querySelector(".map-frame svg");
		return getComputedStyle(fig.querySelector(".map-tools")).display + " " + (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width).toFixed(2) +
			" " + getComputedStyle(fig.querySelector(".map-frame")).overflow + " " + getComputedStyle(fig.querySelector(".svg-coverage")).display; })()`))
	if err != nil || got != "none 1.00 auto inline" {
		t.Errorf("the map without JavaScript: %q (%v), want the tools hidden (none), the map at scale 1.00, a frame that scrolls (auto), the lines shown (inline)", got, err)
	}
}

// TestInBrowserMap works the stakeholder map's tools on a deal page, on a
// desktop and on a phone: the coverage lines go off and on, zoom changes
// the map's size and resets it, and on a narrow screen the map keeps its
// size in a frame that scrolls.
func TestInBrowserMap(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", nil)
	b := newBrowser(t, exe)
	ctx := b.ctx
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	// The state of the map: how many coverage elements show, the map's
	// width on the page against its own, and what the zoom says.
	const state = `(function(){
		var fig = document.querySelector("figure.map"), svg = fig.querySelector(".map-frame svg");
		var lines = 0; fig.querySelectorAll(".svg-coverage").forEach(function (g) { if (getComputedStyle(g).display !== "none") { lines++; } });
		return "lines " + lines + " scale " + (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width).toFixed(2) +
			" zoom " + fig.querySelector(".map-zoom output").value; })()`
	page := fileURL(filepath.Join(site, "deals", "silver-basin-mill-pdm-2027.html"))
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("figure.map .map-tools"))); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		click, want string
	}{
		{"", "lines 2 scale 1.00 zoom 100%"},
		{".map-lines input", "lines 0 scale 1.00 zoom 100%"},
		{".map-lines input", "lines 2 scale 1.00 zoom 100%"},
		{`button[data-zoom="in"]`, "lines 2 scale 1.25 zoom 125%"},
		{`button[data-zoom="out"]`, "lines 2 scale 1.00 zoom 100%"},
		{`button[data-zoom="out"]`, "lines 2 scale 0.80 zoom 80%"},
		{`button[data-zoom="reset"]`, "lines 2 scale 1.00 zoom 100%"},
	}
	for _, s := range steps {
		if s.click != "" {
			click(s.click)
		}
		if got := eval(state); got != s.want {
			t.Errorf("after clicking %s: %s, want %s", s.click, got, s.want)
		}
	}
	if got := eval(`document.querySelector(".map-lines").textContent.trim()`); got != "Coverage lines" {
		t.Errorf("the coverage toggle is labelled %q", got)
	}

	// A phone: the map keeps its size and scrolls in its frame, both ways.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 740, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch),
		chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("figure.map .map-tools"))); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("figure.map")))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "stakeholder-map-phone.png", png)
	phone := eval(`(function(){
		var frame = document.querySelector(".map-frame"), svg = frame.querySelector("svg");
		frame.scrollLeft = 300; frame.scrollTop = 200;
		return "scale " + (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width).toFixed(2) +
			" frame inside the page " + (frame.getBoundingClientRect().right <= document.documentElement.clientWidth) +
			" page scrolls sideways " + (document.documentElement.scrollWidth > document.documentElement.clientWidth) +
			" panned " + (frame.scrollLeft > 0 && frame.scrollTop > 0); })()`)
	if want := "scale 1.00 frame inside the page true page scrolls sideways false panned true"; phone != want {
		t.Errorf("on a phone: %s, want %s", phone, want)
	}
	click(`button[data-zoom="out"]`)
	click(`button[data-zoom="out"]`)
	if got := eval(state); got != "lines 2 scale 0.64 zoom 64%" {
		t.Errorf("zoomed out on a phone: %s", got)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserUnderSubPath serves the site from a sub-path, as GitHub
// Pages does for a project site, and follows links there.
func TestInBrowserUnderSubPath(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", func(o *Options) { o.BaseURL = "http://127.0.0.1/team/deals/" })
	srv := httptest.NewServer(http.StripPrefix("/team/deals/", http.FileServer(http.Dir(site))))
	defer srv.Close()
	b := newBrowser(t, exe)
	ctx := b.ctx
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/team/deals/pipeline.html"), chromedp.WaitVisible(chromedp.ID("filters"))); err != nil {
		t.Fatal(err)
	}
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".site-header")).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`nav a[href="forecast.html"]`)), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	if bg == "" || bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("the stylesheet did not load under the sub-path (header background %q)", bg)
	}
	if heading != "Forecast" {
		t.Errorf("the forecast link led to a page headed %q", heading)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserNothingRuns opens every page of a site built from a deal
// whose every field attacks the page: no dialog may open, no error occur.
func TestInBrowserNothingRuns(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "testdata/xss", nil)
	b := newBrowser(t, exe)
	pages, _ := filepath.Glob(filepath.Join(site, "*.html"))
	more, _ := filepath.Glob(filepath.Join(site, "*", "*.html"))
	var urls []string
	for _, p := range append(pages, more...) {
		if !strings.Contains(p, string(filepath.Separator)+"rules"+string(filepath.Separator)) {
			urls = append(urls, fileURL(p))
		}
	}
	// The board's script puts the deal's text in the table view and
	// searches it.
	board := fileURL(filepath.Join(site, "pipeline.html"))
	urls = append(urls, board+"#view=table", board+"#view=table&q=script&sort=title-desc")
	for _, u := range urls {
		if err := chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body")), chromedp.Sleep(20*time.Millisecond)); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
	}
	if n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#deal-table tbody tr").length`)); err != nil || n != 1 {
		t.Errorf("the table view of the attacking deal has %d rows (%v)", n, err)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

func saveScreenshot(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", p, len(png))
}

// TestHTMLValid checks every page of the built examples, in English and
// Chinese, with html-validate (installed by .ci/run; HTML_VALIDATE names it).
func TestHTMLValid(t *testing.T) {
	validator := os.Getenv("HTML_VALIDATE")
	if validator == "" {
		validator, _ = exec.LookPath("html-validate")
	}
	if validator == "" {
		if os.Getenv("DEALS_E2E") != "" {
			t.Fatal("DEALS_E2E is set but html-validate is not installed")
		}
		t.Skip("html-validate is not installed; .ci/run installs it")
	}
	for _, lang := range []string{"en", "zh"} {
		site, _ := build(t, "../examples", func(o *Options) { o.Lang = lang })
		broken, _ := build(t, "testdata/broken", func(o *Options) { o.Lang = lang })
		// Two months on, the Needs attention pages have their tables.
		later, _ := build(t, "../examples", func(o *Options) { o.Lang, o.Today = lang, "2027-01-20" })
		// With the examples' history, the pages made of it.
		hist, _ := build(t, "../examples", func(o *Options) { o.Lang, o.history = lang, examplesHistory(t) })
		// Long columns: the board's links, the columns' pages.
		capped, _ := build(t, "../examples", func(o *Options) { o.Lang, o.boardCards, o.columnPageCards = lang, 2, 2 })
		cfg := filepath.Join(t.TempDir(), "htmlvalidate.json")
		os.WriteFile(cfg, []byte(htmlValidateConfig), 0o644)
		cmd := exec.Command(validator, "--config", cfg, "--ext", "html", site, broken, filepath.Join(later, "index.html"), filepath.Join(later, "people"),
			filepath.Join(hist, "movement.html"), filepath.Join(hist, "accuracy.html"), filepath.Join(hist, "changes.html"),
			filepath.Join(capped, "pipeline.html"), filepath.Join(capped, columnPage("propose", 1)), filepath.Join(capped, columnPage("propose", 2)))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: html-validate: %v\n%s", lang, err, out)
		}
	}
}

// htmlValidateConfig checks conformance to HTML5 and the accessibility and
// good-practice rules of the recommended preset. Left out: inline style (the
// SVG graphics carry presentation attributes so that they print the same
// without the stylesheet) and the length of titles (deal titles are the rep's).
const htmlValidateConfig = `{
  "extends": ["html-validate:recommended"],
  "rules": {
    "no-inline-style": "off",
    "long-title": "off"
  }
}`

// TestBrowserHarness makes sure the checks above can fail: a page that
// opens a dialog, logs an error and throws is caught three times.
func TestBrowserHarness(t *testing.T) {
	exe := needBrowser(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><title>bad</title><script>alert("x"); console.error("boom"); throw new Error("thrown");</script>`), 0o644)
	b := newBrowser(t, exe)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(fileURL(page)), chromedp.Sleep(200*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(b.failures(), "\n")
	for _, want := range []string{"dialog opened: x", "console:", "boom", "thrown"} {
		if !strings.Contains(got, want) {
			t.Errorf("the harness missed %q; it saw:\n%s", want, got)
		}
	}
}

// needAxe reads axe-core's script (installed by .ci/run; AXE_CORE names
// axe.min.js). CI sets DEALS_E2E=1, so that a missing file fails the run.
func needAxe(t *testing.T) string {
	t.Helper()
	p := os.Getenv("AXE_CORE")
	if p == "" {
		if os.Getenv("DEALS_E2E") != "" {
			t.Fatal("DEALS_E2E is set but AXE_CORE does not name axe-core's axe.min.js")
		}
		t.Skip("AXE_CORE is not set; .ci/run installs axe-core")
	}
	src, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("DEALS_E2E") != "" {
			t.Fatalf("DEALS_E2E is set but axe-core cannot be read: %v", err)
		}
		t.Skipf("axe-core cannot be read: %v", err)
	}
	return string(src)
}

// axeViolation is what axe-core says of one rule a page breaks.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct {
		Target         []any
		FailureSummary string
	}
}

// runAxe checks the page the browser shows with axe-core's default rules
// (WCAG 2 A and AA, and its best practices), the script evaluated in the
// page: the site loads nothing from elsewhere, and neither does the test.
func runAxe(t *testing.T, b *browser, axe string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	return violations
}

// svgContrast lists the texts of the page's graphics whose colour falls
// below 4.5:1 against what is drawn under them. axe-core leaves SVG text
// out of its contrast rule; the graphics hold names and labels people read.
// Each text is measured at three points across it: the background is the
// first painted shape under the point (elementsFromPoint), layers that are
// not opaque composited over the next, down to the page's white.
const svgContrast = `(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const rgba = s => {
    const m = /rgba?\(([^)]*)\)/.exec(s);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const hex = c => "#" + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
  // fill is the colour an SVG element paints its inside with, its opacity
  // and its groups' folded into the alpha; null when it paints none.
  const fill = el => {
    const cs = getComputedStyle(el);
    const c = rgba(cs.fill);
    if (!c) return null;
    c[3] *= Number(cs.fillOpacity);
    for (let e = el; e && e.namespaceURI === SVG; e = e.parentElement) c[3] *= Number(getComputedStyle(e).opacity);
    return c;
  };
  const background = (x, y) => {
    const layers = [];
    for (const el of document.elementsFromPoint(x, y)) {
      if (el.closest("text") || el.tagName === "line") continue;
      let c;
      if (el.namespaceURI === SVG && el.tagName !== "svg") c = fill(el);
      else c = rgba(getComputedStyle(el).backgroundColor);
      if (!c || c[3] === 0) continue;
      layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reduceRight((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const bad = [];
  for (const text of document.querySelectorAll("svg text")) {
    const fg = fill(text);
    if (!fg || !text.textContent.trim()) continue;
    text.scrollIntoView({block: "center", inline: "center"});
    const r = text.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let worst = null;
    for (const at of [0.2, 0.5, 0.8]) {
      const bg = background(r.left + r.width * at, r.top + r.height / 2);
      const ink = over(fg, bg);
      const cr = ratio(ink, bg);
      if (!worst || cr < worst.cr) worst = {cr, ink, bg};
    }
    if (worst.cr < 4.5) {
      const svg = text.closest("svg");
      bad.push(svg.getAttribute("class") + ": " + JSON.stringify(text.textContent.trim()) + " " + hex(worst.ink) + " on " + hex(worst.bg) + " = " + worst.cr.toFixed(2) + ":1");
    }
  }
  window.scrollTo(0, 0);
  return bad;
})()`

// TestAccessibility runs axe-core on a page of every kind, in English and
// in Chinese, on a wide and a narrow screen: no violation of its rules.
func TestAccessibility(t *testing.T) {
	exe := needBrowser(t)
	axe := needAxe(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			// With a history: events on the deal and changes pages, a trend
			// on the forecast. Two months on: the Needs attention tables.
			site, _ := build(t, "../examples", func(o *Options) { o.Lang, o.history = lang, madeUpHistory() })
			later, _ := build(t, "../examples", func(o *Options) { o.Lang, o.Today = lang, "2027-01-20" })
			broken, _ := build(t, "testdata/broken", func(o *Options) { o.Lang = lang })
			// The examples' own history: waterfalls, accuracy, calibration.
			hist, _ := build(t, "../examples", func(o *Options) { o.Lang, o.history = lang, examplesHistory(t) })
			// The replayed repository itself, whose versions are linted: the
			// coaching trends and the rules against outcomes.
			replayed := filepath.Join(t.TempDir(), "kestrel")
			if out, err := exec.Command("bash", "../examples/replay-history.sh", replayed).CombinedOutput(); err != nil {
				t.Fatalf("replay-history.sh: %v\n%s", err, out)
			}
			real, _ := build(t, replayed, func(o *Options) { o.Lang, o.Today, o.noHistory = lang, "2026-12-02", false })
			// Long columns: the board's links, a column's page and its pager.
			capped, _ := build(t, "../examples", func(o *Options) { o.Lang, o.boardCards, o.columnPageCards = lang, 2, 2 })
			pages := []struct{ site, page string }{
				{hist, "movement.html"}, {hist, "accuracy.html"},
				{real, "coaching.html"}, {real, "people/wang-hao.html"}, {real, "rules/players-coach.html"},
				{later, "index.html"}, {site, "index.html"}, // with and without deals that need attention
				{site, "pipeline.html"}, {site, "forecast.html"}, {site, "coaching.html"}, {site, "changes.html"},
				{site, "deals/huaxin-steel-pdm-2027.html"}, {site, "deals/silver-basin-mill-pdm-2027.html"},
				{site, "deals/montana-verde-bottling-2026.html"}, {site, "deals/mekong-electronics-vision-2027.html"},
				{site, "accounts/江苏华信钢铁集团有限公司.html"}, {site, "accounts/silver-basin-mining-corp.html"},
				{later, "people/wang-hao.html"}, {later, "people/chen-lihua.html"}, {later, "people/margaret-okafor.html"},
				{site, "rules/players-coach.html"},
				{broken, "errors.html"}, {broken, "deals/invalid.html"},
				{capped, "pipeline.html"}, {capped, columnPage("propose", 2)},
			}
			b := newBrowser(t, exe)
			for _, p := range pages {
				// Chromium shows its own error page for a missing file, which would pass.
				if _, err := os.Stat(filepath.Join(p.site, p.page)); err != nil {
					t.Fatal(err)
				}
				// On a desk and on a phone, where tables scroll sideways.
				for _, width := range []int64{1400, 390} {
					name := fmt.Sprintf("%s at %dpx", p.page, width)
					if p.site == later {
						name += " (2027-01-20)"
					}
					if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(fileURL(filepath.Join(p.site, p.page))), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					for _, v := range runAxe(t, b, axe) {
						var where []string
						for _, n := range v.Nodes {
							where = append(where, fmt.Sprintf("\n    %v: %s", n.Target, strings.ReplaceAll(n.FailureSummary, "\n", " ")))
						}
						t.Errorf("%s: %s (%s): %s%s", name, v.ID, v.Impact, v.Help, strings.Join(where, ""))
					}
					low, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](svgContrast))
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					for _, l := range low {
						t.Errorf("%s: svg text below 4.5:1: %s", name, l)
					}
				}
			}
			for _, f := range b.failures() {
				t.Error(f)
			}
		})
	}
}

// TestAccessibilityHarness makes sure the checks of TestAccessibility can
// fail: axe-core finds an image without a text and faint text, and the SVG
// contrast check finds grey text on white and black text on a translucent
// black box (grey once composited on white), and passes white on dark.
func TestAccessibilityHarness(t *testing.T) {
	exe := needBrowser(t)
	axe := needAxe(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(page, []byte(`<!DOCTYPE html><html lang="en"><title>bad</title><main><h1>Bad</h1>
<img src="none.png"><p style="color:#aaaaaa">faint</p>
<svg width="300" height="120" role="img" aria-label="test" fill="#000000">
<rect width="300" height="120" fill="#ffffff"/>
<text x="10" y="20" fill="#999999">grey on white</text>
<rect x="0" y="40" width="300" height="30" fill="#222222"/><text x="10" y="60" fill="#ffffff">white on dark</text>
<rect x="0" y="80" width="300" height="30" fill="#000000" fill-opacity="0.6"/><text x="10" y="100">black on translucent black</text>
</svg></main></html>`), 0o644)
	b := newBrowser(t, exe)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(fileURL(page)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range runAxe(t, b, axe) {
		found[v.ID] = len(v.Nodes) > 0
	}
	for _, want := range []string{"image-alt", "color-contrast"} {
		if !found[want] {
			t.Errorf("axe-core did not report %s; it reported %v", want, found)
		}
	}
	low, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](svgContrast))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(low, "\n")
	if len(low) != 2 || !strings.Contains(got, "grey on white") || !strings.Contains(got, "black on translucent black") {
		t.Errorf("the SVG contrast check found:\n%s\nwant grey on white and black on translucent black", got)
	}
}

// printWidth is the width of an A4 sheet inside margins of 0.4 inches, in
// CSS pixels (96 to the inch, 717.12 rounded down): what a page has to fit
// into when printed.
const (
	printMargin = 0.4
	printWidth  = 717
)

// printProblems lists what would not print right on the page shown with
// print media: the site's navigation, a filter form or a button displayed;
// an element wider than the page, or clipping what it holds (scrolling does
// not exist on paper); on the board, a column whose count is not the
// number of cards it shows.
const printProblems = `(() => {
  const bad = [];
  const shown = el => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  for (const el of document.querySelectorAll(".site-header, nav[aria-label], form, button, input, select")) {
    if (shown(el) && !el.closest(".tas-nav")) bad.push(name(el) + " is printed");
  }
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) bad.push("the page is " + document.documentElement.scrollWidth + "px wide, the paper " + width + "px");
  // The outermost element at fault is reported, not each of its cells.
  const reported = [];
  for (const el of document.querySelectorAll("main *")) {
    if (!shown(el) || reported.some(r => r.contains(el))) continue;
    const r = el.getBoundingClientRect();
    let why = "";
    if (r.right > width + 1) why = " reaches " + Math.round(r.right) + "px, past the paper's " + width + "px";
    else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") why = " clips " + el.scrollWidth + "px of content to " + el.clientWidth + "px";
    if (why) { reported.push(el); bad.push(name(el) + why); }
  }
  for (const col of document.querySelectorAll(".board .column")) {
    const cards = [...col.querySelectorAll(".cards > li")].filter(shown).length;
    const count = col.querySelector('[data-f="n"]');
    if (count && Number(count.textContent) !== cards) bad.push(col.getAttribute("data-key") + " says " + count.textContent + " deals and prints " + cards);
  }
  return bad;
})()`

// TestPrint prints the board (filtered), the forecast, the coaching table,
// a manager's page and deal pages, in both languages, with print media on
// an A4 sheet's width: nothing to click is printed, nothing is wider than
// the paper or cut off, a filtered board's counts are those of the cards
// printed. It then prints each to PDF.
func TestPrint(t *testing.T) {
	exe := needBrowser(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			site, _ := build(t, "../examples", func(o *Options) { o.Lang, o.Today = lang, "2027-01-20" })
			b := newBrowser(t, exe)
			if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(printWidth, 1000)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			for _, page := range []string{
				"pipeline.html#team=chen-lihua", "pipeline.html", "forecast.html", "coaching.html", "people/chen-lihua.html",
				"deals/huaxin-steel-pdm-2027.html", "deals/silver-basin-mill-pdm-2027.html", "deals/montana-verde-bottling-2026.html",
			} {
				file, _, _ := strings.Cut(page, "#")
				if _, err := os.Stat(filepath.Join(site, file)); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(b.ctx, chromedp.Navigate(fileURL(filepath.Join(site, file))+strings.TrimPrefix(page, file)), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				problems, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](printProblems))
				if err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				for _, p := range problems {
					t.Errorf("%s: %s", page, p)
				}
				if strings.Contains(page, "#team=") {
					cards, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll(".cards > li")].filter(c => getComputedStyle(c).display !== "none").length`))
					if err != nil || cards == 0 || cards >= 15 {
						t.Errorf("%s: %d of 15 cards printed (%v): the filter did not apply", page, cards, err)
					}
				}
				pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(printMargin)))
				if err != nil {
					t.Fatalf("%s: printing: %v", page, err)
				}
				if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Errorf("%s: the print is not a PDF", page)
				}
				saveScreenshot(t, lang+"-"+strings.NewReplacer("/", "-", "#", "-", "=", "-").Replace(page)+".pdf", pdf)
			}
			for _, f := range b.failures() {
				t.Error(f)
			}
		})
	}
}

// boardDriver drives the pipeline board in Chromium.
type boardDriver struct {
	t   *testing.T
	ctx context.Context
}

func (p boardDriver) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

func (p boardDriver) str(js string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (p boardDriver) num(js string) float64 {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// set changes fields of the filter form as a person does, one change
// event for them all: set("owner", "li-na", "sort", "amount-desc").
func (p boardDriver) set(kv ...string) {
	p.t.Helper()
	js := `(function () { var f = document.getElementById("filters");`
	for i := 0; i+1 < len(kv); i += 2 {
		js += fmt.Sprintf(`f.elements[%q].value = %q;`, kv[i], kv[i+1])
	}
	p.str(js + `f.dispatchEvent(new Event("change")); return location.hash; })()`)
	p.ready()
}

// ready waits for the board to show its view: a board whose long columns
// load the rest of their cards is busy until it does.
func (p boardDriver) ready() {
	p.t.Helper()
	p.do(chromedp.WaitReady(chromedp.CSS("#board:not([aria-busy])")))
}

// shown is how many cards are not hidden.
func (p boardDriver) shown() int {
	return int(p.num(`document.querySelectorAll("#board li[data-v]:not([hidden])").length`))
}

// figures are the page's and the columns' figures as shown, by name
// (open-n, won-t, ...; a column's as KEY:n, KEY:t, KEY:w).
func (p boardDriver) figures() map[string]string {
	p.t.Helper()
	out := map[string]string{}
	raw := p.str(`JSON.stringify((function () {
		var out = {};
		document.querySelectorAll("#board-totals [data-f]").forEach(function (el) { out[el.getAttribute("data-f")] = el.textContent; });
		document.querySelectorAll("details.column").forEach(function (c) {
			c.querySelectorAll("summary [data-f]").forEach(function (el) { out[c.getAttribute("data-key") + ":" + el.getAttribute("data-f")] = el.textContent; });
			out[c.getAttribute("data-key") + ":shown"] = String(c.querySelectorAll("li[data-v]:not([hidden])").length);
		});
		return out; })())`)
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		p.t.Fatal(err)
	}
	return out
}

// TestInBrowserBoard uses the board as a manager does: filters and their
// totals, no match, sorting, the table view and its CSV, folded columns,
// back and forward, and an address edited by hand.
func TestInBrowserBoard(t *testing.T) {
	exe := needBrowser(t)
	// Two months on, the examples' deals need attention: their cards have
	// flags.
	site, _ := build(t, "../examples", func(o *Options) { o.Today = "2027-01-20" })
	b := newBrowser(t, exe)
	p := boardDriver{t: t, ctx: b.ctx}
	url := fileURL(filepath.Join(site, "pipeline.html"))
	p.do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("filters")))
	built := p.figures()

	// A team's totals are the ones its manager's page gives, counted
	// there on their own; every column counts the cards it shows.
	manager := "thomas-berger"
	personPage, _ := os.ReadFile(filepath.Join(site, "people", manager+".html"))
	m := regexp.MustCompile(`With everyone below them: \d+ deals?, (\d+) open; open pipeline (.+?), (.+?) weighted; (.+?) won\.`).FindSubmatch(personPage)
	if m == nil {
		t.Fatalf("no team totals on %s's page", manager)
	}
	p.set("team", manager)
	f := p.figures()
	if f["open-n"] != string(m[1]) || f["open-t"] != string(m[2]) || f["open-w"] != string(m[3]) || f["won-t"] != string(m[4]) {
		t.Errorf("team %s: open %s, pipeline %s, weighted %s, won %s; the manager's page says %s, %s, %s, %s",
			manager, f["open-n"], f["open-t"], f["open-w"], f["won-t"], m[1], m[2], m[3], m[4])
	}
	total := 0
	for _, key := range []string{"prospect", "qualify", "develop", "propose", "negotiate", "won", "lost"} {
		if f[key+":n"] != f[key+":shown"] {
			t.Errorf("team %s: %s counts %s deals and shows %s", manager, key, f[key+":n"], f[key+":shown"])
		}
		n, _ := strconv.Atoi(f[key+":shown"])
		total += n
	}
	if got := p.str(`document.querySelector("output[name=shown]").value`); got != fmt.Sprintf("%d / 15", total) || total == 0 || total == 15 {
		t.Errorf("team %s: %d cards shown, the form says %q", manager, total, got)
	}
	// Cleared, the figures are the page's as built: the script sums and
	// writes them as the build does.
	p.str(`document.getElementById("filters").reset() || ""`)
	if f := p.figures(); !reflect.DeepEqual(f, built) {
		t.Errorf("filters cleared, the figures are\n%v\nbuilt\n%v", f, built)
	}

	// By flag, close period and amount.
	p.set("flag", "overdue")
	overdue := p.shown()
	if overdue == 0 || overdue >= 15 || p.num(`document.querySelectorAll('#board li[data-v]:not([hidden]) li.overdue').length`) != float64(overdue) {
		t.Errorf("flag overdue: %d cards shown", overdue)
	}
	p.set("flag", "", "close", "next")
	for _, d := range strings.Fields(p.str(`Array.prototype.map.call(document.querySelectorAll("#board li[data-v]:not([hidden]) > p:nth-of-type(2)"), function (p) { return p.textContent.split(" · ")[1]; }).join(" ")`)) {
		if d < "2027-04-01" || d > "2027-06-30" {
			t.Errorf("close next quarter (of 2027-01-20) shows a deal closing %s", d)
		}
	}
	p.set("close", "", "min", "500000", "max", "1000000")
	for _, v := range strings.Split(p.str(`Array.prototype.map.call(document.querySelectorAll("#board li[data-v]:not([hidden])"), function (li) { return li.getAttribute("data-v").split(" ")[7]; }).join(",")`), ",") {
		if cents, err := strconv.Atoi(v); err != nil || cents < 50000000 || cents > 100000000 {
			t.Errorf("amount 500,000 to 1,000,000: a card of %q cents", v)
		}
	}

	// No deal matches: said so, and no board of zeros.
	p.set("min", "1000000000000", "max", "")
	if p.str(`String(document.getElementById("board-nomatch").hidden) + " " + String(document.getElementById("board").hidden)`) != "false true" {
		t.Error("nothing matches, and the page does not say so instead of the board")
	}
	p.do(chromedp.Click(chromedp.CSS("#board-nomatch button")))
	if p.shown() != 15 || p.str(`String(document.getElementById("board-nomatch").hidden)`) != "true" {
		t.Errorf("the no-match message's button does not clear the filters: %d cards", p.shown())
	}

	// Sorting the cards.
	for _, sort := range []string{"amount-desc", "amount-asc", "close-desc"} {
		p.set("sort", sort)
		orders := p.str(`Array.prototype.map.call(document.querySelectorAll("details.column ol"), function (ol) {
			return Array.prototype.map.call(ol.children, function (li) {
				return ` + map[bool]string{true: `li.getAttribute("data-v").split(" ")[7]`, false: `li.children[2].textContent.split(" · ")[1]`}[strings.HasPrefix(sort, "amount")] + `;
			}).join(","); }).join(";")`)
		for _, column := range strings.Split(orders, ";") {
			values := strings.Split(column, ",")
			for i := 1; i < len(values); i++ {
				a, b := values[i-1], values[i]
				var inOrder bool
				switch sort {
				case "amount-desc", "amount-asc":
					x, _ := strconv.Atoi(a)
					y, _ := strconv.Atoi(b)
					inOrder = (sort == "amount-desc" && x >= y) || (sort == "amount-asc" && x <= y)
				case "close-desc":
					// Deals without a date come last.
					inOrder = a >= b || !strings.HasPrefix(b, "2")
				}
				if !inOrder {
					t.Errorf("sorted %s, a column has %s before %s: %s", sort, a, b, column)
				}
			}
		}
	}
	p.set("sort", "")

	// The table view: a row per deal shown, sortable, and its CSV.
	p.set("owner", "james-whitfield", "view", "table")
	owned := int(p.num(`(function () { var n = 0; document.querySelectorAll("#board li[data-v]:not([hidden])").forEach(function () { n++; }); return n; })()`))
	rows := int(p.num(`document.querySelectorAll("#deal-table tbody tr").length`))
	if rows != owned || rows == 0 || p.str(`String(document.getElementById("board").hidden)`) != "true" {
		t.Errorf("table view of an owner's %d deals has %d rows", owned, rows)
	}
	p.set("owner", "")
	p.do(chromedp.Click(chromedp.CSS(`#deal-table th[data-key="base"] button`)))
	if got := p.str(`document.querySelector('#deal-table th[data-key="base"]').getAttribute("aria-sort") + " " + location.hash`); !strings.HasPrefix(got, "ascending") || !strings.Contains(got, "sort=base-asc") {
		t.Errorf("sorting the table by amount: %s", got)
	}
	p.do(chromedp.Click(chromedp.CSS(`#deal-table th[data-key="base"] button`)))
	amounts := p.str(`Array.prototype.map.call(document.querySelectorAll("#deal-table tbody tr"), function (tr) {
		return tr.children[document.querySelector('#deal-table th[data-key="base"]').cellIndex].textContent; }).join("|")`)
	var last float64 = -1
	for _, a := range strings.Split(amounts, "|") {
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSuffix(a, " USD"), ",", ""), 64)
		if err != nil {
			t.Fatalf("table amount %q", a)
		}
		if last >= 0 && v > last {
			t.Errorf("the table sorted by amount, down, has %s after a smaller one: %s", a, amounts)
		}
		last = v
	}
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	p.set("region", "EMEA")
	emea := p.shown()
	p.do(chromedp.Click(chromedp.ID("deal-csv")))
	records := readDownloadedCSV(t, filepath.Join(downloads, "pipeline.csv"))
	if len(records) != emea+1 || emea == 0 {
		t.Fatalf("the CSV of %d EMEA deals has %d lines", emea, len(records))
	}
	head := strings.Join(records[0], ",")
	if !strings.HasPrefix(head, "\ufeffTitle,Account,Stage,Owner,Amount,Currency,Amount (USD),Weighted (USD),Close date") || !strings.HasSuffix(head, ",Page") {
		t.Errorf("CSV header: %s", head)
	}
	found := false
	for _, r := range records[1:] {
		if r[0] == "Condition monitoring for 142 wastewater pumping stations" {
			found = true
			if r[4] != "385000" || r[5] != "EUR" || !strings.HasSuffix(r[len(r)-1], "/deals/pohjoisvesi-pump-stations-2027.html") {
				t.Errorf("CSV row: %q", r)
			}
		}
	}
	if !found {
		t.Error("the CSV lacks an EMEA deal")
	}
	p.set("region", "", "view", "board", "sort", "")

	// Won and lost are folded; a column opened is in the address, and back
	// folds it again.
	if got := p.str(`Array.prototype.map.call(document.querySelectorAll("details.column:not([open])"), function (d) { return d.getAttribute("data-key"); }).join(" ")`); got != "won lost" {
		t.Errorf("folded columns: %q, want won lost", got)
	}
	if p.str(`String(document.querySelector('details[data-key="won"] li[data-v]').checkVisibility())`) != "false" {
		t.Error("a folded column shows its deals")
	}
	p.do(chromedp.Click(chromedp.CSS(`details[data-key="won"] > summary`)))
	p.do(discard(chromedp.Poll[bool](`location.hash.indexOf("open=") >= 0 || null`, chromedp.WithPollingTimeout(5*time.Second))))
	if got := p.str(`decodeURIComponent(location.hash)`); got != "#open=prospect,qualify,develop,propose,negotiate,won" {
		t.Errorf("won opened: the address is %s", got)
	}
	p.do(chromedp.NavigateBack())
	if got := p.str(`String(document.querySelector('details[data-key="won"]').open)`); got != "false" {
		t.Error("back does not fold the won column again")
	}

	// Back and forward, step by step.
	p.set("owner", "derek-mills")
	byOwner := p.shown()
	p.set("flag", "any")
	both := p.shown()
	p.do(chromedp.NavigateBack())
	if got := p.str(`document.querySelector("select[name=owner]").value + "|" + document.querySelector("select[name=flag]").value`); got != "derek-mills|" || p.shown() != byOwner {
		t.Errorf("back: the form is %q with %d cards, want derek-mills| with %d", got, p.shown(), byOwner)
	}
	p.do(chromedp.NavigateForward())
	if got := p.str(`document.querySelector("select[name=flag]").value`); got != "any" || p.shown() != both {
		t.Errorf("forward: flag %q with %d cards, want any with %d", got, p.shown(), both)
	}

	// An address edited by hand, and one with a value the board does not
	// know.
	p.do(chromedp.Navigate(url+"#view=table&owner=derek-mills&sort=score-desc"), chromedp.WaitVisible(chromedp.ID("deal-table")))
	if n := int(p.num(`document.querySelectorAll("#deal-table tbody tr").length`)); n != byOwner {
		t.Errorf("an address with a view: %d table rows, want %d", n, byOwner)
	}
	if got := p.str(`document.querySelector("select[name=sort]").value`); got != "score-desc" {
		t.Errorf("the sort of the address is not in the form: %q", got)
	}
	p.str(`(location.hash = "#region=Atlantis&size=large") && ""`)
	p.do(discard(chromedp.Poll[bool](`!document.getElementById("board").hidden || null`, chromedp.WithPollingTimeout(5*time.Second))))
	if got := p.str(`document.querySelector("select[name=region]").value + "|" + document.querySelector("select[name=size]").value`); got != "|large" {
		t.Errorf("a hand-edited address: the form is %q", got)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// readDownloadedCSV waits for the browser to finish writing a download.
func readDownloadedCSV(t *testing.T, name string) [][]string {
	t.Helper()
	for range 100 {
		if data, err := os.ReadFile(name); err == nil && len(data) > 0 {
			records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return records
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no download at %s", name)
	return nil
}

// TestInBrowserBoardScales opens the board of 1,000 generated deals: no
// column is taller than the window, a column's header stays in view as its
// cards scroll, and the board's horizontal scrollbar is within reach.
func TestInBrowserBoardScales(t *testing.T) {
	exe := needBrowser(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "deals.config.yaml"), dealgen.Config(), 0o644)
	for i := range 1000 {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%06d.yaml", i)), dealgen.Deal(1, i), 0o644)
	}
	site, _ := build(t, dir, nil)
	b := newBrowser(t, exe)
	p := boardDriver{t: t, ctx: b.ctx}
	p.do(chromedp.Navigate(fileURL(filepath.Join(site, "pipeline.html"))), chromedp.WaitVisible(chromedp.ID("filters")))

	columns := func() string {
		return p.str(`Array.prototype.map.call(document.querySelectorAll("details.column"), function (c) {
			return c.getAttribute("data-key") + ":" + Math.round(c.getBoundingClientRect().height) + (c.open ? "" : ":folded"); }).join(" ")`)
	}
	tall := func(when string) {
		t.Helper()
		limit := int(p.num(`innerHeight`))
		for _, c := range strings.Fields(columns()) {
			parts := strings.Split(c, ":")
			if h, _ := strconv.Atoi(parts[1]); h > limit {
				t.Errorf("%s: column %s is %d px tall, the window %d", when, parts[0], h, limit)
			}
		}
	}
	if got := columns(); !strings.Contains(got, "won:") || !strings.Contains(got, ":folded") {
		t.Errorf("columns: %s", got)
	}
	tall("as built")
	// A column of more than 200 deals shows its first 200 and a link to
	// its pages; the form counts every deal.
	cols, _ := readBoard(t, site)
	onPage := 0
	for _, cards := range cols {
		onPage += len(cards)
	}
	if n := p.num(`document.querySelectorAll("#board li[data-v]").length`); int(n) != onPage || n >= 1000 {
		t.Fatalf("%v cards, the page has %d of 1000", n, onPage)
	}
	if got := p.str(`document.querySelector("output[name=shown]").value`); got != "1,000 / 1,000" {
		t.Errorf("the form says %q cards shown", got)
	}
	if p.num(`document.querySelectorAll("#board .more a").length`) == 0 {
		t.Error("no column links to the rest of its cards")
	}

	// The header of the longest column stays at its top while its cards
	// scroll under it.
	got := p.str(`(function () {
		var c = document.querySelector('details[data-key="develop"]'), s = c.querySelector("summary");
		c.scrollTop = c.scrollHeight / 2;
		var first = c.querySelector("li[data-v]").getBoundingClientRect(), top = c.getBoundingClientRect().top, head = s.getBoundingClientRect();
		return [c.scrollTop > 1000, Math.abs(head.top - top) < 1, first.bottom < head.top].join(" "); })()`)
	if got != "true true true" {
		t.Errorf("scrolled, the column's header is not where it was (scrolled, header at the top, first card gone): %s", got)
	}

	// Won opened is no taller either; in a narrower window the board
	// scrolls sideways, its scrollbar within the window.
	p.do(chromedp.Click(chromedp.CSS(`details[data-key="won"] > summary`)))
	tall("won opened")
	p.do(chromedp.EmulateViewport(1000, 700))
	tall("in a narrower window")
	got = p.str(`(function () {
		var board = document.getElementById("board");
		board.scrollIntoView();
		return [board.scrollWidth > board.clientWidth, board.getBoundingClientRect().bottom <= innerHeight].join(" "); })()`)
	if got != "true true" {
		t.Errorf("the board's sideways scrolling (scrolls, scrollbar in the window): %s", got)
	}

	// The board takes a wide window's whole width; a deal page keeps its
	// measure.
	p.do(chromedp.EmulateViewport(1800, 900))
	if w := p.num(`document.getElementById("board").getBoundingClientRect().width`); w < 1700 {
		t.Errorf("in a window 1800 px wide the board is %v px wide", w)
	}
	deal := p.str(`document.querySelector("#board li[data-v] > a").href`)
	p.do(chromedp.Navigate(deal), chromedp.WaitVisible(chromedp.CSS("article.deal h1")))
	if w := p.num(`document.querySelector("main").getBoundingClientRect().width`); w > 1400 {
		t.Errorf("in a window 1800 px wide a deal page is %v px wide", w)
	}
	p.do(chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.ID("filters")))

	// Filtered, it is still a board, of every deal of the owner: the rest
	// of the long columns' cards are read for the view.
	p.set("owner", p.str(`document.querySelector("select[name=owner]").options[1].value`))
	more := readMore(t, site)
	want, wantShown := 0, 0
	for key, cards := range cols {
		n := 0
		for _, c := range cards {
			if strings.HasPrefix(c.V, "0 ") {
				n++
			}
		}
		// The cards of the column the page does not show.
		for _, card := range more[key] {
			if m := cardPattern.FindStringSubmatch(card); m != nil && strings.HasPrefix(m[1], "0 ") {
				n++
			}
		}
		want += n
		wantShown += min(n, 200)
	}
	if got := p.str(`document.querySelector("output[name=shown]").value`); got != fmt.Sprintf("%d / 1,000", want) || want == 0 {
		t.Errorf("filtered by an owner, the form says %q shown, want the owner's %d of 1,000", got, want)
	}
	if n := p.shown(); n != wantShown {
		t.Errorf("filtered by an owner, %d cards show, want %d", n, wantShown)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserBoardLongColumns: a board whose long columns show their
// first cards works as one that shows them all, for a view read from the
// address, a filter, a sort and the table; a column's link shows the rest
// of its cards in place, and without JavaScript leads to the column's
// pages. Without its companion script the board says so and stays as
// built.
func TestInBrowserBoardLongColumns(t *testing.T) {
	exe := needBrowser(t)
	options := func(capped bool) func(*Options) {
		return func(o *Options) {
			o.Today = "2027-01-20"
			if capped {
				o.boardCards, o.columnPageCards = 2, 3
			}
		}
	}
	full, _ := build(t, "../examples", options(false))
	capped, _ := build(t, "../examples", options(true))
	b := newBrowser(t, exe)
	p := boardDriver{t: t, ctx: b.ctx}
	open := func(site, hash string) {
		t.Helper()
		p.do(chromedp.Navigate("about:blank"))
		p.do(chromedp.Navigate(fileURL(filepath.Join(site, "pipeline.html"))+hash), chromedp.WaitVisible(chromedp.ID("filters")))
		p.ready()
	}
	// What a view shows: the figures, the cards of each column in order,
	// the table's rows, the count of the form. A column shows at most
	// cap cards: those of a full board's, first.
	type shownView struct {
		Figures map[string]string
		Cards   map[string][]string
		More    map[string]string
		Rows    []string
		Shown   string
	}
	seen := func(cap int) shownView {
		t.Helper()
		var v shownView
		raw := p.str(`JSON.stringify({
			Cards: Object.fromEntries(Array.prototype.map.call(document.querySelectorAll("details.column"), function (c) {
				return [c.getAttribute("data-key"), Array.prototype.map.call(c.querySelectorAll("li[data-v]:not([hidden]) > a"), function (a) { return a.getAttribute("href"); })]; })),
			More: Object.fromEntries(Array.prototype.map.call(document.querySelectorAll("details.column"), function (c) {
				var m = c.querySelector(".more:not([hidden])");
				return [c.getAttribute("data-key"), m ? m.textContent : ""]; })),
			Rows: Array.prototype.map.call(document.querySelectorAll("#deal-table:not([hidden]) tbody tr"), function (r) { return r.textContent; }),
			Shown: document.querySelector("output[name=shown]").value })`)
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		v.Figures = p.figures()
		for key, cards := range v.Cards {
			if len(cards) > cap {
				t.Errorf("column %s shows %d cards, more than %d", key, len(cards), cap)
			}
			delete(v.Figures, key+":shown")
		}
		return v
	}

	open(full, "")
	built := p.figures()
	owner := p.str(`document.querySelector("select[name=owner]").options[1].value`)
	open(capped, "")
	if f := p.figures(); !reflect.DeepEqual(f["open-t"], built["open-t"]) || f["won-n"] != built["won-n"] || f["open-n"] != built["open-n"] {
		t.Errorf("the capped board's figures %v, the full board's %v", f, built)
	}
	if n := p.num(`document.querySelectorAll("#board li[data-v]").length`); n >= 15 {
		t.Errorf("the capped board has %v cards", n)
	}
	if got := p.str(`document.querySelector("output[name=shown]").value`); got != "15 / 15" {
		t.Errorf("the capped board's form says %q shown", got)
	}
	for _, view := range []string{"#owner=" + owner, "#team=thomas-berger", "#sort=amount-desc", "#flag=any&sort=days-desc", "#view=table&sort=score-desc", "#q=a&view=table", "#close=past", "#open=won,develop&sort=title-asc", "#q=%26+co.&view=table"} {
		open(full, view)
		want := seen(1000)
		open(capped, view)
		got := seen(2)
		for key, cards := range want.Cards {
			n := min(len(cards), 2)
			if !slices.Equal(got.Cards[key], cards[:n]) {
				t.Errorf("%s: column %s of the capped board shows %v, want the first %d of %v", view, key, got.Cards[key], n, cards)
			}
			more := ""
			if len(cards) > 2 {
				more = fmt.Sprintf("2 of %d shown. Show all %d", len(cards), len(cards))
			}
			if got.More[key] != more {
				t.Errorf("%s: under column %s %q, want %q", view, key, got.More[key], more)
			}
		}
		if !reflect.DeepEqual(got.Figures, want.Figures) || !slices.Equal(got.Rows, want.Rows) || got.Shown != want.Shown {
			t.Errorf("%s: the capped board shows\n%v\n%v\n%s\nthe full board\n%v\n%v\n%s", view, got.Figures, got.Rows, got.Shown, want.Figures, want.Rows, want.Shown)
		}
		if view == "#sort=amount-desc" {
			// Show all: the column shows every card the view matches, the
			// first new one has the focus, the address is the view's.
			key := ""
			for k, cards := range want.Cards {
				if len(cards) > 2 && (key == "" || k < key) {
					key = k
				}
			}
			p.do(chromedp.Click(chromedp.CSS(`details[data-key="` + key + `"] .more button`)))
			got := seen(1000)
			if !slices.Equal(got.Cards[key], want.Cards[key]) || got.More[key] != "" {
				t.Errorf("%s, %s shown all: %v (%q), want %v", view, key, got.Cards[key], got.More[key], want.Cards[key])
			}
			if p.str(`document.activeElement.getAttribute("href")`) != want.Cards[key][2] || p.str(`location.hash`) != view {
				t.Errorf("%s, %s shown all: the focus is on %s, the address %s", view, key, p.str(`document.activeElement.outerHTML`), p.str(`location.hash`))
			}
		}
	}
	// A filter changed on the page, then cleared: the board as built.
	open(capped, "")
	before := seen(2)
	p.set("owner", owner)
	p.str(`document.getElementById("filters").reset() || ""`)
	if after := seen(2); !reflect.DeepEqual(after.Cards, before.Cards) || !reflect.DeepEqual(after.Figures, before.Figures) {
		t.Errorf("filters cleared, the board shows\n%v\nas built\n%v", after, before)
	}

	// A column's link as built shows the rest of its cards where they
	// are, and the first of them has the focus.
	open(capped, "")
	key := p.str(`document.querySelector("#board .more").closest("details").getAttribute("data-key")`)
	column := `document.querySelector('details[data-key="` + key + `"]')`
	here := p.str(`location.href`)
	p.do(chromedp.Click(chromedp.CSS(`details[data-key="` + key + `"] .more a`)))
	p.ready()
	if got := p.str(`[` + column + `.querySelectorAll("li[data-v]").length, ` + column + `.querySelectorAll(".more:not([hidden])").length, document.activeElement === ` + column + `.querySelectorAll("li[data-v]")[2].querySelector("a"), location.href === ` + strconv.Quote(here) + `].join(" ")`); got != p.str(column+`.querySelector("[data-f=n]").textContent`)+" 0 true true" {
		t.Errorf("after the column's link (cards, links left, focus on the first new card, same page): %s", got)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}

	// Without JavaScript the link leads to the column's first page.
	nojs := newBrowser(t, exe)
	if _, err := chromedp.Call(nojs.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	q := boardDriver{t: t, ctx: nojs.ctx}
	q.do(chromedp.Navigate(fileURL(filepath.Join(capped, "pipeline.html"))), chromedp.WaitReady(chromedp.CSS("body")))
	q.do(chromedp.Click(chromedp.CSS(`details[data-key="`+key+`"] .more a`)), chromedp.WaitReady(chromedp.CSS(".column-list")))
	if got, want := q.str(`location.pathname.split("/").pop() + " " + document.querySelectorAll(".column-list li[data-v]").length`), columnPage(key, 1)+" 3"; got != want {
		t.Errorf("without JavaScript the column's link leads to %s, want %s", got, want)
	}

	// The companion script gone, the board says so and keeps what it has.
	if err := os.Remove(filepath.Join(capped, boardMoreScript)); err != nil {
		t.Fatal(err)
	}
	broken := newBrowser(t, exe)
	r := boardDriver{t: t, ctx: broken.ctx}
	r.do(chromedp.Navigate(fileURL(filepath.Join(capped, "pipeline.html"))+"#sort=amount-desc"), chromedp.WaitVisible(chromedp.ID("board-failed")))
	r.ready()
	if got := r.str(`[document.getElementById("filters").hidden, document.querySelectorAll("#board li[data-v]").length < 15, document.querySelectorAll("#board .more").length > 0].join(" ")`); got != "true true true" {
		t.Errorf("without its companion script (form hidden, the board as built, links kept): %s", got)
	}
}

// TestInBrowserBoardInChinese: the script writes the figures in Chinese
// as the build does (万, 亿).
func TestInBrowserBoardInChinese(t *testing.T) {
	exe := needBrowser(t)
	site, _ := build(t, "../examples", func(o *Options) { o.Lang = "zh" })
	b := newBrowser(t, exe)
	p := boardDriver{t: t, ctx: b.ctx}
	p.do(chromedp.Navigate(fileURL(filepath.Join(site, "pipeline.html"))), chromedp.WaitVisible(chromedp.ID("filters")))
	built := p.figures()
	if !strings.Contains(built["open-t"], "万") {
		t.Fatalf("the Chinese board writes %q", built["open-t"])
	}
	// An owner's figures are the ones their page gives.
	personPage, _ := os.ReadFile(filepath.Join(site, "people", "wang-hao.html"))
	m := regexp.MustCompile(`进行中管道 (.+?)，加权 (.+?)。`).FindSubmatch(personPage)
	if m == nil {
		t.Fatal("no pipeline on wang-hao's page")
	}
	p.set("owner", "wang-hao")
	if f := p.figures(); f["open-t"] != string(m[1]) || f["open-w"] != string(m[2]) {
		t.Errorf("filtered to wang-hao: pipeline %s, weighted %s; their page says %s, %s", f["open-t"], f["open-w"], m[1], m[2])
	}
	p.str(`document.getElementById("filters").reset() || ""`)
	if f := p.figures(); !reflect.DeepEqual(f, built) {
		t.Errorf("filters cleared, the figures are\n%v\nbuilt\n%v", f, built)
	}
	for _, f := range b.failures() {
		t.Error(f)
	}
}

// TestInBrowserBoardCSVIsSafe: deal text that a spreadsheet would run as a
// formula is written to the CSV behind an apostrophe, as deals export
// writes it.
func TestInBrowserBoardCSVIsSafe(t *testing.T) {
	exe := needBrowser(t)
	dir := t.TempDir()
	deal := "id: %s\ntitle: '%s'\naccount: {name: '%s', size: small}\nproduct: {name: P, complexity: simple}\nowner: li-na\nstage: qualify\namount: {value: 1000}\nclose_date: 2027-01-31\n"
	os.MkdirAll(filepath.Join(dir, "deals"), 0o755)
	os.WriteFile(filepath.Join(dir, "deals", "a.yaml"), fmt.Appendf(nil, deal, "a", `=HYPERLINK("http://example.com","x")`, "@SUM(1)"), 0o644)
	os.WriteFile(filepath.Join(dir, "deals", "b.yaml"), fmt.Appendf(nil, deal, "b", `Plain, with "quotes"`, "-2+3"), 0o644)
	site, _ := build(t, dir, nil)
	b := newBrowser(t, exe)
	p := boardDriver{t: t, ctx: b.ctx}
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.Navigate(fileURL(filepath.Join(site, "pipeline.html"))+"#view=table&sort=title-asc"), chromedp.WaitVisible(chromedp.ID("deal-csv")), chromedp.Click(chromedp.ID("deal-csv")))
	records := readDownloadedCSV(t, filepath.Join(downloads, "pipeline.csv"))
	if len(records) != 3 {
		t.Fatalf("%d lines: %q", len(records), records)
	}
	if got := records[1][0] + " | " + records[1][1] + " | " + records[2][0] + " | " + records[2][1]; got != `'=HYPERLINK("http://example.com","x") | '@SUM(1) | Plain, with "quotes" | '-2+3` {
		t.Errorf("CSV cells: %s", got)
	}
}
