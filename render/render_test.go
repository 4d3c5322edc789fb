package render

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/i18n"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/lint"
	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const today = "2026-11-26"

func build(t *testing.T, repo string, mutate func(*Options)) (string, *Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	opts := Options{ConfigFile: filepath.Join(repo, "deals.config.yaml"), Paths: []string{repo}, Out: out, Today: today, Version: "test", noHistory: true}
	if _, err := os.Stat(opts.ConfigFile); err != nil {
		opts.ConfigFile = ""
	}
	if mutate != nil {
		mutate(&opts)
	}
	res, err := Build(opts)
	if err != nil {
		t.Fatal(err)
	}
	return out, res
}

// TestGolden keeps representative pages as they are meant to be; run
// go test ./render -update after an intended change and review the diff.
func TestGolden(t *testing.T) {
	en, _ := build(t, "../examples", nil)
	zh, _ := build(t, "../examples", func(o *Options) { o.Lang = "zh" })
	broken, _ := build(t, "testdata/broken", nil)
	// With the examples' history: how the pipeline moved, how good the
	// forecasts were.
	hist, _ := build(t, "../examples", func(o *Options) { o.history = examplesHistory(t) })
	histZh, _ := build(t, "../examples", func(o *Options) { o.history, o.Lang = examplesHistory(t), "zh" })
	// Two months on, the examples' plans have gone stale: the week's work.
	later, _ := build(t, "../examples", func(o *Options) { o.Today = "2027-01-20" })
	laterZh, _ := build(t, "../examples", func(o *Options) { o.Today, o.Lang = "2027-01-20", "zh" })
	// Columns of more than two cards, in pages of two: the board shows
	// the first and links to the pages.
	capped, _ := build(t, "../examples", func(o *Options) { o.boardCards, o.columnPageCards = 2, 2 })
	pages := []struct {
		golden, site, page string
	}{
		{"pipeline.html", en, "pipeline.html"},
		{"pipeline-flags.html", later, "pipeline.html"},
		{"attention.html", later, "index.html"},
		{"attention-zh.html", laterZh, "index.html"},
		{"attention-none.html", en, "index.html"},
		{"manager-attention.html", later, "people/" + managerPage(t, later)},
		{"forecast.html", en, "forecast.html"},
		{"movement.html", hist, "movement.html"},
		{"movement-zh.html", histZh, "movement.html"},
		{"accuracy.html", hist, "accuracy.html"},
		{"accuracy-zh.html", histZh, "accuracy.html"},
		{"deal-negotiate.html", en, "deals/silver-basin-mill-pdm-2027.html"},
		{"deal-prospect.html", en, "deals/mekong-electronics-vision-2027.html"},
		{"deal-lost.html", en, "deals/montana-verde-bottling-2026.html"},
		{"deal-zh.html", zh, "deals/huaxin-steel-pdm-2027.html"},
		{"pipeline-zh.html", zh, "pipeline.html"},
		{"pipeline-capped.html", capped, "pipeline.html"},
		{"column-page.html", capped, columnPage("propose", 2)},
		{"manager.html", en, "people/" + managerPage(t, en)},
		{"coaching.html", en, "coaching.html"},
		{"rule.html", en, "rules/players-coach.html"},
		{"errors.html", broken, "errors.html"},
		{"deal-invalid.html", broken, "deals/invalid.html"},
	}
	for _, p := range pages {
		t.Run(p.golden, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(p.site, p.page))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", p.golden)
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./render -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test ./render -update and review the diff)", p.page, path)
			}
		})
	}
}

// managerPage is the page of someone with reports in the examples.
func managerPage(t *testing.T, site string) string {
	entries, err := os.ReadDir(filepath.Join(site, "people"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(site, "people", e.Name()))
		if bytes.Contains(data, []byte(`<h2>Team</h2>`)) && !strings.Contains(e.Name(), "director") {
			return e.Name()
		}
	}
	t.Fatal("no manager page in the examples")
	return ""
}

func TestDeterministic(t *testing.T) {
	a, _ := build(t, "../examples", nil)
	b, _ := build(t, "../examples", nil)
	files := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", rel)
		}
		return nil
	})
	if err != nil || files < 50 {
		t.Fatalf("walked %d files: %v", files, err)
	}
}

// TestLinks checks that every link and asset reference between pages
// resolves to a file of the site: pages work from disk and under any path.
func TestLinks(t *testing.T) {
	for _, repo := range []string{"../examples", "testdata/broken"} {
		site, _ := build(t, repo, func(o *Options) { o.BaseURL = "https://example.com/team/deals/" })
		checked := 0
		eachPage(t, site, func(page string, doc *html.Node) {
			for _, ref := range refs(doc) {
				u, err := url.Parse(ref)
				if err != nil {
					t.Errorf("%s: bad link %q", page, ref)
					continue
				}
				if u.Scheme != "" || u.Host != "" {
					if !strings.HasPrefix(ref, "https://example.com/team/deals/") {
						t.Errorf("%s links outside the site: %s", page, ref)
					}
					continue
				}
				if strings.HasPrefix(u.Path, "/") {
					t.Errorf("%s: absolute link %q breaks under a sub-path and from disk", page, ref)
					continue
				}
				if u.Path == "" {
					continue
				}
				target := path.Join(path.Dir(page), u.Path)
				if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s: broken link %q", page, ref)
				}
				checked++
			}
		})
		if checked < 100 {
			t.Errorf("%s: only %d links checked", repo, checked)
		}
		if _, err := os.Stat(filepath.Join(site, "sitemap.xml")); err != nil {
			t.Error("no sitemap.xml with a base URL")
		}
	}
}

func eachPage(t *testing.T, site string, fn func(page string, doc *html.Node)) {
	t.Helper()
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		fn(filepath.ToSlash(rel), doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func refs(n *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// TestUntrustedTextIsInert builds a deal whose every text field attacks
// the page, with a history whose titles, owners and stages do too (on the
// Movement and Accuracy pages), and checks that nothing of it became
// markup.
func TestUntrustedTextIsInert(t *testing.T) {
	site, _ := build(t, "testdata/xss", func(o *Options) { o.history = hostileHistory() })
	pages := 0
	eachPage(t, site, func(page string, doc *html.Node) {
		pages++
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script":
					if src := nodeAttr(n, "src"); !strings.HasSuffix(src, "assets/app.js") || n.FirstChild != nil {
						t.Errorf("%s: a script element that is not ours: %s", page, renderNode(n))
					}
				case "iframe", "img", "marquee", "style", "foreignobject", "object", "embed":
					t.Errorf("%s: a %s element came from deal text", page, n.Data)
				case "b":
					t.Errorf("%s: a <b> element came from deal text", page)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") {
						t.Errorf("%s: event attribute %s=%q", page, a.Key, a.Val)
					}
					if (a.Key == "href" || a.Key == "src") && strings.Contains(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
						t.Errorf("%s: %s=%q runs script", page, a.Key, a.Val)
					}
					if a.Key == "href" && strings.HasPrefix(strings.ToLower(a.Val), "data:") {
						t.Errorf("%s: data: link %q", page, a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
	if pages < 10 {
		t.Fatalf("only %d pages", pages)
	}
	dealPage, err := os.ReadFile(filepath.Join(site, "deals", "evil.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;`, // the title is shown, as text
		`&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;王`,
		`raw HTML omitted`, // Markdown raw HTML is dropped
	} {
		if !bytes.Contains(dealPage, []byte(want)) {
			t.Errorf("deal page does not contain %s", want)
		}
	}
	for _, name := range []string{"movement.html", "accuracy.html"} {
		page, err := os.ReadFile(filepath.Join(site, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte(`&lt;img src=x onerror=alert(&#34;owner&#34;)&gt;`)) {
			t.Errorf("%s does not show the owner from the history as text", name)
		}
	}
	movementPage, _ := os.ReadFile(filepath.Join(site, "movement.html"))
	if !bytes.Contains(movementPage, []byte(`&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;`)) || !bytes.Contains(movementPage, []byte(`&lt;/td&gt;&lt;script&gt;alert(&#34;stage&#34;)&lt;/script&gt;`)) {
		t.Error("the movement page does not show the title and the stage from the history as text")
	}
}

// hostileHistory is a history of testdata/xss's deal, and of one that is
// gone, whose titles, owner and stage attack the Movement and Accuracy
// pages: pushed out of 2026-Q4 by a stage nobody configured, won, lost.
func hostileHistory() *history.Log {
	day := func(s string) int64 { return endOfDay(s) - 12*3600 }
	owner := `"><img src=x onerror=alert("owner")>`
	stage := `</td><script>alert("stage")</script>`
	return &history.Log{Deals: map[string]*history.Timeline{
		"evil": {ID: "evil", Title: `<script>alert("title")</script>`, States: []history.State{
			{Time: day("2026-10-05"), Stage: "propose", Amount: 1000, CloseDate: "2026-12-31", Owner: owner},
			{Time: day("2026-11-20"), Stage: stage, Amount: 1000, CloseDate: "2027-03-01", Owner: owner},
		}},
		"gone": {ID: "gone", Title: `<svg onload=alert("gone")>`, States: []history.State{
			{Time: day("2026-10-02"), Stage: "propose", Amount: 500, CloseDate: "2026-11-30", Owner: owner},
			{Time: day("2026-11-21"), Stage: "won", Amount: 600, CloseDate: "2026-11-21", Owner: owner},
		}},
	}, Notes: []string{`deals/<b>x</b>.yaml at commit 1234567: not valid YAML; this version is left out of the history`}}
}

func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func renderNode(n *html.Node) string {
	var b bytes.Buffer
	html.Render(&b, n)
	return b.String()
}

func TestBrokenFilesStillBuild(t *testing.T) {
	site, res := build(t, "testdata/broken", nil)
	if res.Deals != 2 || res.Unreadable != 2 {
		t.Errorf("deals %d, unreadable %d; want 2 and 2", res.Deals, res.Unreadable)
	}
	errorsPage, _ := os.ReadFile(filepath.Join(site, "errors.html"))
	for _, want := range []string{"syntax.yaml:2:8", "two-documents", "two-docs.yaml:2:1", "deals/invalid.html"} {
		if !bytes.Contains(errorsPage, []byte(want)) && !(want == "two-documents" && bytes.Contains(errorsPage, []byte("second YAML document"))) {
			t.Errorf("errors page lacks %q", want)
		}
	}
	invalid, _ := os.ReadFile(filepath.Join(site, "deals", "invalid.html"))
	for _, want := range []string{"Half a deal", "invalid.yaml:3:", "invalid.yaml:7:1", "clsoe_date"} {
		if !bytes.Contains(invalid, []byte(want)) {
			t.Errorf("page of the invalid deal lacks %q", want)
		}
	}
}

func TestOutputFolder(t *testing.T) {
	repo := "testdata/broken"
	t.Run("replaces its own site", func(t *testing.T) {
		out, _ := build(t, repo, nil)
		os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644)
		if _, err := Build(Options{Paths: []string{repo}, Out: out, Today: today, noHistory: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "stale.html")); err == nil {
			t.Error("a file of the old site survived the rebuild")
		}
		leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".site.new-*"))
		if len(leftovers) > 0 {
			t.Errorf("temporary folders left behind: %v", leftovers)
		}
	})
	t.Run("refuses a folder it did not make", func(t *testing.T) {
		out := t.TempDir()
		precious := filepath.Join(out, "thesis.md")
		os.WriteFile(precious, []byte("years of work"), 0o644)
		_, err := Build(Options{Paths: []string{repo}, Out: out, Today: today, noHistory: true})
		if !errors.Is(err, ErrNotOurs) {
			t.Fatalf("err = %v, want ErrNotOurs", err)
		}
		if data, _ := os.ReadFile(precious); string(data) != "years of work" {
			t.Error("the user's file was touched")
		}
	})
	t.Run("refuses the repository itself", func(t *testing.T) {
		repoCopy := t.TempDir()
		os.MkdirAll(filepath.Join(repoCopy, "deals"), 0o755)
		data, _ := os.ReadFile("testdata/broken/deals/good.yaml")
		os.WriteFile(filepath.Join(repoCopy, "deals", "good.yaml"), data, 0o644)
		for _, out := range []string{repoCopy, filepath.Join(repoCopy, "deals"), filepath.Dir(repoCopy)} {
			_, err := Build(Options{Paths: []string{repoCopy}, Out: out, Today: today, noHistory: true})
			if err == nil || !strings.Contains(err.Error(), "refusing") {
				t.Errorf("out=%s: err = %v", out, err)
			}
		}
		if _, err := os.Stat(filepath.Join(repoCopy, "deals", "good.yaml")); err != nil {
			t.Error("the deal file is gone")
		}
	})
	t.Run("a link builds into its target and stays a link", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "real-site")
		link := filepath.Join(dir, "site")
		os.Mkdir(target, 0o755)
		if err := os.Symlink("real-site", link); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		for range 2 { // a new folder, then a rebuild of it
			if _, err := Build(Options{Paths: []string{repo}, Out: link, Today: today, noHistory: true}); err != nil {
				t.Fatal(err)
			}
			if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
				t.Fatal("the link was replaced")
			}
			if _, err := os.Stat(filepath.Join(target, "index.html")); err != nil {
				t.Error("the link's target has no site:", err)
			}
		}
	})
	t.Run("a link to nowhere is refused", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "site")
		if err := os.Symlink("nowhere", link); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		_, err := Build(Options{Paths: []string{repo}, Out: link, Today: today, noHistory: true})
		var oe *OutError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "a link to nowhere") {
			t.Errorf("err = %v, want an *OutError about the link", err)
		}
	})
	t.Run("leftovers of interrupted builds are removed", func(t *testing.T) {
		out, _ := build(t, repo, nil)
		parent := filepath.Dir(out)
		// A build killed in version 1 (.site.new-N), and one killed
		// since (.site.new-PID-N, and the old site it had set aside).
		for _, name := range []string{".site.new-1234567", ".site.new-999999999-42", ".site.new-999999999-42.old", ".other.new-1"} {
			os.MkdirAll(filepath.Join(parent, name, "deals"), 0o755)
		}
		if _, err := Build(Options{Paths: []string{repo}, Out: out, Today: today, noHistory: true}); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(parent)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, []string{".other.new-1", "site"}) {
			t.Errorf("beside the site: %v, want only another site's folder", names)
		}
	})
	t.Run("an interrupted build leaves the old site and nothing else", func(t *testing.T) {
		out, _ := build(t, repo, nil)
		os.WriteFile(filepath.Join(out, "old.html"), []byte("old"), 0o644)
		ctx, cancel := context.WithCancel(context.Background())
		_, err := Build(Options{Paths: []string{repo}, Out: out, Today: today, noHistory: true, Context: ctx,
			Progress: func(done, total int) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if _, err := os.Stat(filepath.Join(out, "old.html")); err != nil {
			t.Error("the old site was changed")
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("%d entries beside the site, want none", len(entries)-1)
		}
	})
	t.Run("an empty folder is fine", func(t *testing.T) {
		out := t.TempDir()
		if _, err := Build(Options{Paths: []string{repo}, Out: out, Today: today, noHistory: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, ".deals-site")); err != nil {
			t.Error("no marker in the new site")
		}
	})
}

// A site folder that is also something else (a checkout of a GitHub Pages
// branch with its CNAME) keeps what it is told to keep, and a git checkout
// is not replaced unless its .git is kept.
func TestOutputFolderKeeps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    []string // in the old site, besides its marker and index.html
		keep     []string
		keepFile string
		fresh    bool     // the folder has only files, no site
		err      error    // nil: built
		kept     []string // in the new site
	}{
		{name: "CNAME and .nojekyll by default", files: []string{"CNAME", ".nojekyll"}, kept: []string{"CNAME", ".nojekyll"}},
		{name: "a checkout is refused", files: []string{".git/HEAD", "CNAME"}, err: ErrGitFolder},
		{name: "a checkout with other names kept is refused", files: []string{".git/HEAD"}, keep: []string{"robots.txt"}, err: ErrGitFolder},
		{name: "--keep .git,CNAME", files: []string{".git/HEAD", "CNAME", "robots.txt"}, keep: []string{".git", "CNAME"}, kept: []string{".git/HEAD", "CNAME"}},
		{name: ".deals-keep", files: []string{".git", "robots.txt"}, keepFile: "# the gh-pages checkout\n.git\n\nrobots.txt\n", kept: []string{".git", "robots.txt", KeepFile}},
		{name: "a fresh checkout without a site", fresh: true, files: []string{".git/HEAD", "CNAME"}, keep: []string{".git"}, kept: []string{".git/HEAD", "CNAME"}},
		{name: "a checkout of another site", fresh: true, files: []string{".git/HEAD", "index.html"}, keep: []string{".git"}, err: ErrNotOurs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			if !tc.fresh {
				out, _ = build(t, "testdata/broken", nil)
			}
			for _, f := range tc.files {
				os.MkdirAll(filepath.Dir(filepath.Join(out, f)), 0o755)
				os.WriteFile(filepath.Join(out, f), []byte(f), 0o644)
			}
			if tc.keepFile != "" {
				os.WriteFile(filepath.Join(out, KeepFile), []byte(tc.keepFile), 0o644)
			}
			_, err := Build(Options{Paths: []string{"testdata/broken"}, Out: out, Keep: tc.keep, Today: today, noHistory: true})
			var oe *OutError
			switch {
			case tc.err != nil && (!errors.Is(err, tc.err) || !errors.As(err, &oe)):
				t.Fatalf("err = %v, want an *OutError wrapping %v", err, tc.err)
			case tc.err != nil:
				for _, f := range tc.files {
					if _, err := os.Stat(filepath.Join(out, f)); err != nil {
						t.Errorf("%s is gone", f)
					}
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				t.Error("no new site")
			}
			for _, f := range tc.kept {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s was not kept", f)
				}
			}
			for _, f := range tc.files {
				if _, err := os.Stat(filepath.Join(out, f)); err == nil && !slices.Contains(tc.kept, f) {
					t.Errorf("%s was kept, and not asked to be", f)
				}
			}
		})
	}
	t.Run("names that are not names", func(t *testing.T) {
		for _, name := range []string{"", "..", "a/b", "../x"} {
			_, err := Build(Options{Paths: []string{"testdata/broken"}, Out: filepath.Join(t.TempDir(), "site"), Keep: []string{name}, Today: today, noHistory: true})
			var oe *OutError
			if !errors.As(err, &oe) {
				t.Errorf("--keep %q: err = %v, want an *OutError", name, err)
			}
		}
	})
}

var (
	literalKey  = regexp.MustCompile(`(?:\{\{-? ?|\()t "([^"]+)"`)
	literalGoT  = regexp.MustCompile(`\.T\("([a-zA-Z0-9_.-]+)"`)
	prefixGoT   = regexp.MustCompile(`\.T\("([a-zA-Z0-9_.-]+\.)" \+`)
	prefixLabel = regexp.MustCompile(`label\(t, "([a-z]+)"`)
)

// TestTranslations: every message key the templates and the Go code name
// literally is in the catalogs, in every language; keys made at run time
// from a prefix and an enumeration value exist for every value.
func TestTranslations(t *testing.T) {
	for _, lang := range Languages {
		tr, err := newTranslator(lang)
		if err != nil {
			t.Fatal(err)
		}
		check := func(where, key string) {
			if !tr.Has(key) {
				t.Errorf("%s uses message %q, which is not in the %s catalog", where, key, lang)
			}
		}
		entries, _ := fs.ReadDir(templateFS, "templates")
		for _, e := range entries {
			data, _ := fs.ReadFile(templateFS, "templates/"+e.Name())
			for _, m := range literalKey.FindAllStringSubmatch(string(data), -1) {
				if !strings.HasSuffix(m[1], ".") {
					check(e.Name(), m[1])
				}
			}
		}
		goFiles, _ := filepath.Glob("*.go")
		for _, name := range goFiles {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			data, _ := os.ReadFile(name)
			for _, m := range literalGoT.FindAllStringSubmatch(string(data), -1) {
				if !strings.HasSuffix(m[1], ".") {
					check(name, m[1])
				}
			}
		}
		// The keys made from enumeration values: every value has its label.
		enums := map[string][]string{
			"role": strs(deal.Roles), "attitude": strs(deal.Attitudes), "rating": strs(deal.Ratings), "status": strs(deal.Statuses),
			"relation": strs(deal.Relations), "size": strs(deal.Sizes), "complexity": strs(deal.Complexities), "line": strs(deal.Lines),
			"level": strs(deal.Levels), "strategy": strs(deal.Strategies), "competitor": strs(deal.CompetitorTypes), "call": strs(deal.Calls),
			"severity": {"error", "warning", "info"}, "state": {"done", "gaps", "later"},
			"svg.role": strs(deal.Roles), "svg.roleAbbr": strs(deal.Roles), "svg.attitude": strs(deal.Attitudes),
			"svg.rel": strs(deal.Relations), "svg.level": append(strs(deal.Ratings), "none"),
		}
		for kind, values := range enums {
			for _, v := range values {
				check("enumeration "+kind, kind+"."+v)
			}
		}
		for _, s := range lint.Steps {
			check("steps", "steps."+string(s.ID))
		}
		check("steps", "steps.deal")
		for _, r := range lint.Rules() {
			check("rules", "rules."+r.ID+".summary")
		}
	}
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"ACME Manufacturing": "acme-manufacturing",
		"Laticínios Serra":   "laticinios-serra",
		"Brenner Druckguß":   "brenner-druckguss",
		"江苏华信钢铁集团有限公司":       "江苏华信钢铁集团有限公司",
		"Société Générale":   "societe-generale",
		"a/b\\c":             "a-b-c",
		"../..":              "",
		"":                   "",
	}
	for in, want := range tests {
		got := slug(in)
		if want == "" {
			if got == "" || strings.ContainsAny(got, "/\\ ") {
				t.Errorf("slug(%q) = %q", in, got)
			}
			continue
		}
		if got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if slug("江苏华信钢铁集团有限公司") == slug("江苏华信钢铁有限公司") {
		t.Error("two Chinese names share a slug")
	}
	if long := slug(strings.Repeat("钢", 40)); len(long) > 80 || !utf8.ValidString(long) {
		t.Errorf("a long name: %q", long)
	}
}

// TestHistoryOnSite builds the examples with a made-up history: the deal
// page lists its events newest first, author names are escaped, the card
// counts days in stage and slips, and two builds stay identical.
func TestHistoryOnSite(t *testing.T) {
	lg := madeUpHistory()
	build1, _ := build(t, "../examples", func(o *Options) { o.history = lg })
	build2, _ := build(t, "../examples", func(o *Options) { o.history = lg })
	page, _ := os.ReadFile(filepath.Join(build1, "deals", "huaxin-steel-pdm-2027.html"))
	for _, want := range []string{
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`<li class="overdue"><span class="date">2026-11-20</span> close date slipped 2026-12-31 → 2027-01-29`,
		`In this stage for 6 days`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("deal page lacks %s", want)
		}
	}
	if bytes.Index(page, []byte("2026-11-20</span>")) > bytes.Index(page, []byte("2026-09-01</span>")) {
		t.Error("events are not newest first")
	}
	index, _ := os.ReadFile(filepath.Join(build1, "pipeline.html"))
	card := regexp.MustCompile(`<li data-v="[^"]*">[^\n]*huaxin-steel-pdm-2027\.html[^\n]*</li>`).Find(index)
	if !bytes.Contains(card, []byte("<i>6</i>")) || !bytes.Contains(card, []byte(`<li class="w slipped"></li>`)) {
		t.Errorf("the card does not show days in stage and the slip: %s", card)
	}
	if !bytes.Contains(index, []byte(`<i></i>`)) {
		t.Error("no card says its days in stage are unknown, though only one deal has history")
	}
	forecast, _ := os.ReadFile(filepath.Join(build1, "forecast.html"))
	if !bytes.Contains(forecast, []byte("svg-trend")) {
		t.Error("no pipeline-over-time chart")
	}
	for _, name := range []string{"index.html", "forecast.html", "changes.html", "deals/huaxin-steel-pdm-2027.html"} {
		a, _ := os.ReadFile(filepath.Join(build1, name))
		b, _ := os.ReadFile(filepath.Join(build2, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds with history", name)
		}
	}
}

// TestCoachingInTheTeamsLanguage: the coaching items of a deal page are
// the linter's findings in the site's language, which is the
// configuration's unless Options.Lang says another.
func TestCoachingInTheTeamsLanguage(t *testing.T) {
	repo := t.TempDir()
	write := func(name, body string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(repo, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("deals.config.yaml", "language: zh\n")
	write("deals/late.yaml", "id: late\ntitle: Late\naccount: {name: Late Corp, size: small}\nproduct: {name: Suite, complexity: complex}\nowner: li-na\nstage: develop\namount: {value: 10000, currency: USD}\nclose_date: 2027-01-31\n")
	for _, tt := range []struct {
		lang, want, not string
	}{
		{"", "没有列出竞争对手", "no competitors named"},
		{"en", "no competitors named", "没有列出竞争对手"},
	} {
		site, res := build(t, repo, func(o *Options) { o.Lang = tt.lang })
		page, err := os.ReadFile(filepath.Join(site, "deals", "late.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), tt.want) || strings.Contains(string(page), tt.not) {
			t.Errorf("Lang %q: the page does not coach with %q", tt.lang, tt.want)
		}
		if want := map[string]i18n.Lang{"": i18n.Chinese, "en": i18n.English}[tt.lang]; res.Lang != want {
			t.Errorf("Lang %q: built in %s, want %s", tt.lang, res.Lang, want)
		}
	}
}

// TestAttentionOnPeoplePages: a manager over many deals sees the most
// urgent on their page and a link to the whole list, filtered to their
// team; the site's first page lists them all.
func TestAttentionOnPeoplePages(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "deals.config.yaml"), dealgen.Config(), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("d%03d.yaml", i)), dealgen.Deal(1, i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site, _ := build(t, dir, nil)
	index, _ := os.ReadFile(filepath.Join(site, "index.html"))
	all := bytes.Count(index, []byte(`<tbody class="attention-deal"`))
	if all <= 20 {
		t.Fatalf("%d deals need attention in 300 generated ones; the test needs more than 20", all)
	}
	pages, _ := filepath.Glob(filepath.Join(site, "people", "*.html"))
	capped := 0
	for _, p := range pages {
		data, _ := os.ReadFile(p)
		n := bytes.Count(data, []byte(`<tbody class="attention-deal"`))
		if n > 20 {
			t.Errorf("%s lists %d deals that need attention, want at most 20", filepath.Base(p), n)
		}
		if bytes.Contains(data, []byte(`index.html#team=`)) || bytes.Contains(data, []byte(`index.html#owner=`)) {
			capped++
			if n != 20 || !bytes.Contains(data, []byte("more deals need attention")) {
				t.Errorf("%s links to the whole list after %d deals", filepath.Base(p), n)
			}
		}
	}
	if capped == 0 {
		t.Error("no person's page links to the whole list")
	}
}

// TestNoMachinePaths: a site built from anywhere names deal files from the
// repository's folder, never by a path of the machine that built it.
func TestNoMachinePaths(t *testing.T) {
	abs, err := filepath.Abs("../examples")
	if err != nil {
		t.Fatal(err)
	}
	site, _ := build(t, abs, nil)
	page, err := os.ReadFile(filepath.Join(site, "deals", "huaxin-steel-pdm-2027.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte(abs)) {
		t.Errorf("the deal page shows the path %s", abs)
	}
	if !bytes.Contains(page, []byte("<code>deals/huaxin-steel-pdm-2027.yaml</code>")) {
		t.Error("the deal page does not name its file from the repository")
	}
}

// TestForecastPeriods: empty months and quarters between dated ones are
// shown; an open deal past its close date is overdue, in no past month.
func TestForecastPeriods(t *testing.T) {
	rows := func(keys ...string) []string { return keys }
	keys := func(ks []string) string { return strings.Join(ks, " ") }
	tests := []struct {
		in   []string
		next func(string) string
		want string
	}{
		{rows("2026-11", "2027-02"), nextMonth, "2026-11 2026-12 2027-01 2027-02"},
		{rows("2026-Q3", "2027-Q2"), nextQuarter, "2026-Q3 2026-Q4 2027-Q1 2027-Q2"},
		{rows("2026-12"), nextMonth, "2026-12"},
	}
	for _, tt := range tests {
		if got := keys(withEmpty(tt.in, tt.next)); got != tt.want {
			t.Errorf("withEmpty = %s, want %s", got, tt.want)
		}
	}
	if n := len(withEmpty(rows("2026-01", "2999-01"), nextMonth)); n > 125 {
		t.Errorf("a far-away date makes %d rows", n)
	}
	site, _ := build(t, "../examples", func(o *Options) { o.Today = "2027-03-05" })
	page, _ := os.ReadFile(filepath.Join(site, "forecast.html"))
	if !bytes.Contains(page, []byte(`<th scope="row">Overdue (close date passed)</th>`)) {
		t.Error("no overdue row for open deals past their close date")
	}
	if bytes.Contains(page, []byte(`<th scope="row">2027-01</th><td>2</td>`)) {
		t.Error("open deals past their close date still count in January")
	}
}

// TestTopRisks: the worst risks first, by severity then probability;
// unrated ones last.
func TestTopRisks(t *testing.T) {
	src := "id: r\ntitle: R\naccount: {name: A, size: small}\nproduct: {name: P, complexity: simple}\nowner: o\nstage: develop\nassessment:\n  risks:\n" +
		"    - {risk: unrated}\n    - {risk: low, severity: low, probability: high}\n    - {risk: high-likely, severity: high, probability: high}\n    - {risk: high-unlikely, severity: high, probability: low}\n"
	d, problems := deal.Parse("r.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if got := strings.Join(topRisks(d, 3), ","); got != "high-likely,high-unlikely,low" {
		t.Errorf("topRisks = %s", got)
	}
}

// TestForecastCalls: the forecast page sets won and the calls against the
// targets, per team down the management chain; a manager's call in a
// review overrides the rep's, and a manager without a target of their own
// gets the sum of their reports'.
func TestForecastCalls(t *testing.T) {
	site, _ := build(t, "../examples", func(o *Options) { o.Today = "2026-12-02" })
	page, err := os.ReadFile(filepath.Join(site, "forecast.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// 2026-Q4: Marcus won 1,350,000 against 1,200,000.
		`<a href="people/marcus-webb.html">Marcus Webb</a></th><td>0</td><td data-v="1200000">1,200,000 USD</td><td data-v="1350000">1,350,000 USD</td><td>113%</td>`,
		// 2027-Q1: Camila's 96,000 BRL deal is best case, Rachel's call over
		// Camila's commit.
		`<a href="people/camila-souza.html">Camila Souza</a></th><td>1</td><td data-v="350000">350,000 USD</td><td data-v="0">0 USD</td><td>0%</td><td data-v="0">0 USD</td><td data-v="17280">17,280 USD</td>`,
		// Rachel has no target: her reports' 600,000 + 1,500,000 + 350,000.
		`<a href="people/rachel-kim.html">Rachel Kim</a> <span class="muted">(team)</span></th><td>3</td><td data-v="2450000">2,450,000 USD</td>`,
		// Margaret's own 2027-Q1 number wins over the sum of her teams'.
		`<a href="people/margaret-okafor.html">Margaret Okafor</a> <span class="muted">(team)</span></th><td>3</td><td data-v="4200000">4,200,000 USD</td>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("forecast.html lacks %s", want)
		}
	}
	deal, _ := os.ReadFile(filepath.Join(site, "deals", "serra-verde-dairy-energy-2027.html"))
	if !bytes.Contains(deal, []byte(`Best case</span> <span class="muted">Rachel Kim&#39;s call in the review of 2026-11-20; the rep&#39;s: Commit</span>`)) {
		t.Error("the deal page does not say whose call the forecast is")
	}
}

// TestExamplesHistory: the examples' history, replayed by the script the
// README names, gives the site days in stage, slips and rotting deals.
func TestExamplesHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := filepath.Join(t.TempDir(), "kestrel")
	if out, err := exec.Command("bash", "../examples/replay-history.sh", dir).CombinedOutput(); err != nil {
		t.Fatalf("replay-history.sh: %v\n%s", err, out)
	}
	// The last commit is the examples as they are.
	for _, name := range []string{"deals.config.yaml", "deals/silver-basin-mill-pdm-2027.yaml"} {
		a, _ := os.ReadFile(filepath.Join("../examples", name))
		b, _ := os.ReadFile(filepath.Join(dir, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from the examples' after the replay", name)
		}
	}
	site, _ := build(t, dir, func(o *Options) { o.Today, o.noHistory = "2026-12-02", false })
	board, _ := os.ReadFile(filepath.Join(site, "pipeline.html"))
	index, _ := os.ReadFile(filepath.Join(site, "index.html"))
	// The silver-basin card: 37 days in stage, flagged slipped and rotting.
	if !regexp.MustCompile(`silver-basin-mill-pdm-2027\.html"[^§]*?<i>37</i>.*?<li class="w slipped"></li><li class="w rotting"></li>`).Match(board) {
		t.Error("the board's card lacks the days in stage and the slipped and rotting flags")
	}
	if !bytes.Contains(index, []byte("The close date slipped 2 times, now 2027-02-26.")) {
		t.Error("the Needs attention page does not count the slips")
	}
	if !bytes.Contains(index, []byte("37 days in Negotiate; the limit is 30.")) {
		t.Error("the Needs attention page does not list the rotting negotiation")
	}
	// Run twice, the same commits: the replay is deterministic.
	dir2 := filepath.Join(t.TempDir(), "kestrel")
	exec.Command("bash", "../examples/replay-history.sh", dir2).Run()
	h1, _ := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	h2, _ := exec.Command("git", "-C", dir2, "rev-parse", "HEAD").Output()
	if len(h1) == 0 || !bytes.Equal(h1, h2) {
		t.Errorf("two replays end at %s and %s", h1, h2)
	}
}

// madeUpHistory is a history of one example deal, huaxin-steel-pdm-2027,
// with events in the week up to the tests' today: a deal page with events,
// a changes page with a deal, a forecast with its trend.
func madeUpHistory() *history.Log {
	day := func(s string) int64 { return endOfDay(s) - 12*3600 }
	return &history.Log{Deals: map[string]*history.Timeline{
		"huaxin-steel-pdm-2027": {
			ID: "huaxin-steel-pdm-2027", Title: "华信",
			Events: []history.Event{
				{Commit: "aaaaaaaaaa", Time: day("2026-09-01"), Date: "2026-09-01", Author: "<script>alert(1)</script>", Kind: "created", To: "qualify"},
				{Commit: "bbbbbbbbbb", Time: day("2026-11-20"), Date: "2026-11-20", Author: "王浩", Kind: "stage", From: "propose", To: "negotiate"},
				{Commit: "bbbbbbbbbb", Time: day("2026-11-20"), Date: "2026-11-20", Author: "王浩", Kind: "close", From: "2026-12-31", To: "2027-01-29"},
			},
			States: []history.State{
				{Time: day("2026-09-01"), Stage: "qualify", Amount: 5000000, Currency: "CNY"},
				{Time: day("2026-11-20"), Stage: "negotiate", Amount: 6800000, Currency: "CNY", CloseDate: "2027-01-29"},
			},
		},
	}}
}

// TestLangMarks: text in the other language than the site's is marked
// with its own (a Chinese account on an English page, an English title on
// a Chinese one) on the board, the Needs attention list, the deal, person
// and account pages; the site's own language is never marked again.
func TestLangMarks(t *testing.T) {
	huaxin := "华信钢铁热轧产线预测性维护（一期：热轧一线、二线）"
	carlin := "Predictive maintenance for the Carlin mill (SAG mill, crushers, slurry pumps)"
	for _, tt := range []struct {
		lang string
		want map[string]map[string]string // page -> text -> the language it is read in
	}{
		{"en", map[string]map[string]string{
			"pipeline.html":                    {huaxin: "zh", "江苏华信钢铁集团有限公司": "zh", "Wang Hao": "en", "私有化部署与等保三级安全架构专场评审会 · 2026-12-03": "zh", carlin: "en", "Silver Basin Mining Corp.": "en"},
			"index.html":                       {huaxin: "zh", "Wang Hao": "en", carlin: "en"},
			"deals/huaxin-steel-pdm-2027.html": {huaxin: "zh", "江苏华信钢铁集团有限公司": "zh", "私有化部署与等保三级安全架构专场评审会": "zh", "Stage": "en"},
			"people/wang-hao.html":             {"Wang Hao": "en", huaxin: "zh"},
			"accounts/江苏华信钢铁集团有限公司.html": {"江苏华信钢铁集团有限公司": "zh", huaxin: "zh"},
		}},
		{"zh", map[string]map[string]string{
			"pipeline.html":                          {carlin: "en", "Silver Basin Mining Corp.": "en", "Marcus Webb": "en", huaxin: "zh"},
			"index.html":                             {carlin: "en", "Marcus Webb": "en", huaxin: "zh"},
			"deals/silver-basin-mill-pdm-2027.html":  {carlin: "en", "Silver Basin Mining Corp.": "en", "Susan Park": "en", "Kestrel Platform (3-year subscription) with reliability engineering services": "en"},
			"people/marcus-webb.html":                {"Marcus Webb": "en", carlin: "en"},
			"accounts/silver-basin-mining-corp.html": {"Silver Basin Mining Corp.": "en", carlin: "en"},
		}},
	} {
		site, _ := build(t, "../examples", func(o *Options) { o.Lang, o.Today = tt.lang, "2027-01-20" })
		seen := map[string]bool{}
		eachPage(t, site, func(page string, doc *html.Node) {
			want := tt.want[page]
			found := map[string]bool{}
			var walk func(n *html.Node, lang string)
			walk = func(n *html.Node, lang string) {
				if n.Type == html.ElementNode {
					for _, a := range n.Attr {
						if a.Key != "lang" {
							continue
						}
						if n.Data != "html" && a.Val == tt.lang {
							t.Errorf("%s %s: <%s lang=%q> marks the page's own language", tt.lang, page, n.Data, a.Val)
						}
						if !slices.Contains([]string{"en", "zh", "zh-CN", "ja", "ko"}, a.Val) {
							t.Errorf("%s %s: <%s lang=%q>", tt.lang, page, n.Data, a.Val)
						}
						lang, _, _ = strings.Cut(a.Val, "-")
					}
				}
				if n.Type == html.ElementNode && n.Data == "svg" {
					return // the graphics' text is drawn, not marked
				}
				if w, ok := want[strings.TrimSpace(n.Data)]; n.Type == html.TextNode && ok {
					found[strings.TrimSpace(n.Data)] = true
					if lang != w {
						t.Errorf("%s %s: %q is read as %s, want %s", tt.lang, page, n.Data, lang, w)
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, lang)
				}
			}
			walk(doc, "")
			if want != nil {
				seen[page] = true
			}
			for text := range want {
				if !found[text] {
					t.Errorf("%s %s: no %q", tt.lang, page, text)
				}
			}
		})
		for page := range tt.want {
			if !seen[page] {
				t.Errorf("%s: no page %s", tt.lang, page)
			}
		}
	}
}

// replayed is the examples' history as replay-history.sh commits it, read
// once for every test that needs it.
var replayed struct {
	once sync.Once
	log  *history.Log
	err  error
}

// examplesHistory is the history of the examples, replayed into a
// repository of its own by the script the README names: a build of
// ../examples with it is the site of that repository.
func examplesHistory(t *testing.T) *history.Log {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	replayed.once.Do(func() {
		dir, err := os.MkdirTemp("", "deals-replay-")
		if err != nil {
			replayed.err = err
			return
		}
		defer os.RemoveAll(dir)
		repo := filepath.Join(dir, "kestrel")
		if out, err := exec.Command("bash", "../examples/replay-history.sh", repo).CombinedOutput(); err != nil {
			replayed.err = fmt.Errorf("replay-history.sh: %v\n%s", err, out)
			return
		}
		b, err := New(Options{ConfigFile: filepath.Join(repo, "deals.config.yaml"), Paths: []string{repo}})
		if err != nil {
			replayed.err = err
			return
		}
		defer b.Close()
		replayed.log = b.log
	})
	if replayed.err != nil {
		t.Fatal(replayed.err)
	}
	return replayed.log
}
