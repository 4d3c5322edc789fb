package bench

import (
	"context"
	"fmt"
	"github.com/dealsascode/deals/internal/browsertest"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/render"
)

// BenchmarkBoard measures the pipeline board of BENCH_N generated deals
// (default 2000; the target is set at 10,000): the size of pipeline.html,
// and in headless Chromium (a window of 1400 x 1000) how long the page
// takes to load and how long each step of using it takes, each until the
// browser has drawn the next frame:
//
//	BENCH_N=10000 go test ./bench -run '^$' -bench Board -benchtime 5x
//
// BOARD_SITE names a site already built (deals build DIR --out SITE) to
// measure instead. The metrics are medians over the runs:
//
//   - HTML-bytes: pipeline.html
//   - more-bytes: pipeline-more.js, the cards the long columns do not
//     show, which the first filter loads
//   - load-ms: from the start of the navigation to the end of the load
//     event
//   - first-filter-ms: the first filter, by one owner; the script loads
//     the rest of the long columns' cards and reads the cards then
//   - filter-ms: another filter, by a team
//   - sort-ms: the cards sorted by amount
//   - reset-ms: the filters cleared: every card shown again
//   - table-ms: the table view of every deal
//   - table-sort-ms: the table sorted by completeness
//   - board-ms: back to the board as built
func BenchmarkBoard(b *testing.B) {
	exe := browsertest.Need(b)
	site := os.Getenv("BOARD_SITE")
	if site == "" {
		site = buildBoard(b, benchN(b))
	}
	page := filepath.Join(site, "pipeline.html")
	info, err := os.Stat(page)
	if err != nil {
		b.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(b.TempDir()), chromedp.WindowSize(1400, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelTimeout()

	// step runs an action of the page, as one change of the form, and
	// waits for the frame after it; on a board whose long columns load the
	// rest of their cards first (busy until they have), the frame after
	// the view is shown.
	step := func(action string) float64 {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise(function (resolve) {
			var form = document.getElementById("filters"), board = document.getElementById("board"), t0 = performance.now();
			var set = function (name, value) { form.elements[name].value = value; };
			var drawn = function () {
				document.body.offsetHeight;
				requestAnimationFrame(function () { setTimeout(function () { resolve(performance.now() - t0); }, 0); });
			};
			`+action+`;
			form.dispatchEvent(new Event("change"));
			if (!board.hasAttribute("aria-busy")) { drawn(); return; }
			new MutationObserver(function (changes, watch) {
				if (board.hasAttribute("aria-busy")) { return; }
				watch.disconnect();
				drawn();
			}).observe(board, { attributes: true, attributeFilter: ["aria-busy"] });
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		return ms
	}
	steps := []struct{ name, action string }{
		{"first-filter-ms", `set("owner", form.elements.owner.options[1].value)`},
		{"filter-ms", `set("owner", ""); set("team", form.elements.team.options[1].value)`},
		{"sort-ms", `set("sort", "amount-desc")`},
		{"reset-ms", `form.reset()`},
		{"table-ms", `form.elements.view[1].checked = true`},
		{"table-sort-ms", `set("sort", "score-asc")`},
		{"board-ms", `form.elements.view[0].checked = true; set("sort", "")`},
	}
	metrics := map[string][]float64{}
	for b.Loop() {
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.ID("filters"))); err != nil {
			b.Fatal(err)
		}
		load, err := chromedp.Run(ctx, chromedp.Poll[float64](`(function () {
			var n = performance.getEntriesByType("navigation")[0];
			return n && n.loadEventEnd > 0 ? n.loadEventEnd : null; })()`))
		if err != nil {
			b.Fatal(err)
		}
		metrics["load-ms"] = append(metrics["load-ms"], load)
		for _, s := range steps {
			metrics[s.name] = append(metrics[s.name], step(s.action))
		}
	}
	b.ReportMetric(float64(info.Size()), "HTML-bytes")
	if more, err := os.Stat(filepath.Join(site, "pipeline-more.js")); err == nil {
		b.ReportMetric(float64(more.Size()), "more-bytes")
	}
	for name, values := range metrics {
		sort.Float64s(values)
		b.ReportMetric(values[len(values)/2], name)
	}
}

// buildBoard writes n generated deals as bench/gen does and builds their
// site as deals build does, judged at dealgen.Today.
func buildBoard(b *testing.B, n int) string {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "deals.config.yaml"), dealgen.Config(), 0o644); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		sub := filepath.Join(dir, "deals", fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%06d.yaml", i)), dealgen.Deal(1, i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	out := filepath.Join(b.TempDir(), "site")
	if _, err := render.Build(render.Options{ConfigFile: filepath.Join(dir, "deals.config.yaml"), Out: out, Today: dealgen.Today}); err != nil {
		b.Fatal(err)
	}
	return out
}
