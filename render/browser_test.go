package render

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "also save the browser test's screenshots in this folder")

// needBrowser finds Chromium. CI sets DEALS_E2E=1, so that a missing
// browser fails the run instead of skipping the test.
func needBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DEALS_E2E") != "" {
		t.Fatal("DEALS_E2E is set but no Chromium is installed (apt-get install chromium)")
	}
	t.Skip("no Chromium installed; .ci/run installs it")
	return ""
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
	for _, p := range append(pages, more...) {
		if strings.Contains(p, string(filepath.Separator)+"rules"+string(filepath.Separator)) {
			continue
		}
		if err := chromedp.Do(b.ctx, chromedp.Navigate(fileURL(p)), chromedp.WaitReady(chromedp.CSS("body")), chromedp.Sleep(20*time.Millisecond)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
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
		cfg := filepath.Join(t.TempDir(), "htmlvalidate.json")
		os.WriteFile(cfg, []byte(htmlValidateConfig), 0o644)
		cmd := exec.Command(validator, "--config", cfg, "--ext", "html", site, broken, filepath.Join(later, "index.html"), filepath.Join(later, "people"))
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
