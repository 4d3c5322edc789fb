package render

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/lint"
)

// liveRepo is a repository for the live tests: the examples (with their
// rule pack), three generated deals in a folder of their own, owned by
// people the examples' team does not have.
func liveRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "../examples", dir)
	for i := range 3 {
		writeFile(t, filepath.Join(dir, "deals", "gen", fmt.Sprintf("g%d.yaml", i)), string(dealgen.Deal(7, i)))
	}
	return dir
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if !strings.HasSuffix(rel, ".yaml") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(to, rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func liveOptions(dir string) Options {
	return Options{ConfigFile: filepath.Join(dir, "deals.config.yaml"), Paths: []string{dir}, Today: today, Version: "test", noHistory: true}
}

// sameSite fails unless the live site is the one a full build of the same
// files makes now: the same files, byte for byte, and the same result.
func sameSite(t *testing.T, what string, opts Options, site *Site, res *Result) {
	t.Helper()
	full, fres, err := BuildMemory(opts)
	if err != nil {
		t.Fatalf("%s: the full build failed: %v", what, err)
	}
	if diff := siteDiff(site, full); diff != "" {
		t.Fatalf("%s: the live site differs from a full build: %s", what, diff)
	}
	if got, want := resultText(res), resultText(fres); got != want {
		t.Fatalf("%s: result\n%s\nwant (full build)\n%s", what, got, want)
	}
}

// siteDiff says how two sites differ, "" when they do not.
func siteDiff(got, want *Site) string {
	gn, wn := got.Names(), want.Names()
	if !slices.Equal(gn, wn) {
		var extra, missing []string
		for _, n := range gn {
			if _, ok := want.files[n]; !ok {
				extra = append(extra, n)
			}
		}
		for _, n := range wn {
			if _, ok := got.files[n]; !ok {
				missing = append(missing, n)
			}
		}
		return fmt.Sprintf("files it has and should not %v, files it lacks %v", extra, missing)
	}
	for _, n := range wn {
		g, _ := got.Open(n)
		w, _ := want.Open(n)
		if !bytes.Equal(g, w) {
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			from := max(0, i-120)
			return fmt.Sprintf("%s differs at byte %d:\n  live: %q\n  full: %q", n, i, g[from:min(len(g), i+120)], w[from:min(len(w), i+120)])
		}
	}
	return ""
}

func resultText(r *Result) string {
	var errs []string
	for _, e := range r.Errors {
		errs = append(errs, e.Error())
	}
	return fmt.Sprintf("deals %d, pages %d, unreadable %d, invalid %d, findings %d, lang %s\nerrors %q\nnotes %q",
		r.Deals, r.Pages, r.Unreadable, r.Invalid, r.Findings, r.Lang, errs, r.Notes)
}

// editor makes random edits of the kinds people make to a deals
// repository, and says which files each touched, as a watcher would.
type editor struct {
	t    *testing.T
	dir  string
	rng  *rand.Rand
	step int
	// good is the last content of each file that was not broken on
	// purpose, for fixing it; config the configuration's good content.
	good    map[string]string
	config  string
	rules   string
	cfgBad  bool
	touched []string
	log     []string
}

func newEditor(t *testing.T, dir string, seed uint64) *editor {
	e := &editor{t: t, dir: dir, rng: rand.New(rand.NewPCG(seed, 0x5eed)), good: map[string]string{}}
	e.config = e.read("deals.config.yaml")
	e.rules = e.read("rules/qualification.yaml")
	return e
}

func (e *editor) read(rel string) string {
	data, err := os.ReadFile(filepath.Join(e.dir, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

// write writes a file and, when stat is set, gives it a time of its own,
// so that its size and time tell it changed even without a watcher's
// word (a file saved twice within the system clock's tick has one time).
func (e *editor) write(rel, content string) {
	p := filepath.Join(e.dir, rel)
	writeFile(e.t, p, content)
	e.touched = append(e.touched, p)
}

// deals lists the deal files, relative and sorted.
func (e *editor) deals() []string {
	var out []string
	filepath.WalkDir(filepath.Join(e.dir, "deals"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func (e *editor) pick(list []string) string { return list[e.rng.IntN(len(list))] }

var (
	stageIDs   = []string{"prospect", "qualify", "develop", "propose", "negotiate", "won", "lost", "unknown-stage"}
	ownerIDs   = []string{"wang-hao", "zhou-min", "kenji-sato", "chen-lihua", "helen-prescott", "pat-new", "Wang Hao", ""}
	accountsTo = []string{"Acme Corp", "江苏华信钢铁集团有限公司", "Tidewater Compression Services", "Zeta GmbH"}
	folders    = []string{"deals", "deals/gen", "deals/emea/de", "deals/new"}
	lineRes    = map[string]*regexp.Regexp{}
)

// setLine replaces the first line matching the pattern (a whole line) in
// content with line, or appends line when none does.
func setLine(content, pattern, line string) string {
	re := lineRes[pattern]
	if re == nil {
		re = regexp.MustCompile("(?m)" + pattern)
		lineRes[pattern] = re
	}
	if loc := re.FindStringIndex(content); loc != nil {
		return content[:loc[0]] + line + content[loc[1]:]
	}
	return content + line + "\n"
}

// edit makes one random edit.
func (e *editor) edit() {
	e.step++
	files := e.deals()
	n := e.rng.IntN(100)
	if len(files) == 0 {
		n = 0
	}
	var what string
	switch {
	case n < 10: // a new deal, sometimes named like one there is
		folder := e.pick(folders)
		var name, content string
		if e.rng.IntN(3) == 0 && len(files) > 0 {
			src := e.pick(files)
			content = e.read(src)
			base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
			name = strings.ToUpper(base[:1]) + base[1:] + ".yml"
			content = setLine(content, `^id: .*$`, "id: copy-"+strconv.Itoa(e.step))
		} else {
			name = fmt.Sprintf("new-%d.yaml", e.step)
			content = string(dealgen.Deal(11, e.step))
		}
		rel := filepath.Join(folder, name)
		e.write(rel, content)
		e.good[rel] = content
		what = "add " + rel
	case n < 45: // a change people make
		rel := e.pick(files)
		c := e.read(rel)
		switch e.rng.IntN(8) {
		case 0:
			c = setLine(c, `^title: .*$`, "title: Edited "+strconv.Itoa(e.step))
		case 1:
			c = setLine(c, `^stage: .*$`, "stage: "+e.pick(stageIDs))
		case 2:
			c = setLine(c, `^owner: .*$`, "owner: "+strconv.Quote(e.pick(ownerIDs)))
		case 3:
			c = setLine(c, `^  value: .*$`, "  value: "+strconv.Itoa(1000*e.rng.IntN(900)))
		case 4:
			c = setLine(c, `^close_date: .*$`, fmt.Sprintf("close_date: 2026-%02d-%02d", 1+e.rng.IntN(12), 1+e.rng.IntN(28)))
		case 5:
			c = setLine(c, `^  name: .*$`, "  name: "+e.pick(accountsTo))
		case 6: // another deal's id
			other := e.read(e.pick(files))
			if m := regexp.MustCompile(`(?m)^id: .*$`).FindString(other); m != "" {
				c = setLine(c, `^id: .*$`, m)
			}
		case 7: // only words the index pages do not show
			c += "# a comment " + strconv.Itoa(e.step) + "\n"
		}
		e.write(rel, c)
		e.good[rel] = c
		what = "change " + rel
	case n < 55: // broken: unparseable, or against the schema
		rel := e.pick(files)
		if _, ok := e.good[rel]; !ok {
			e.good[rel] = e.read(rel)
		}
		switch e.rng.IntN(4) {
		case 0:
			e.write(rel, "id: [oops\n")
		case 1:
			e.write(rel, e.read(rel)+"colour: red\n")
		case 2:
			e.write(rel, "")
		case 3:
			e.write(rel, "id: \xff\xfe\n")
		}
		what = "break " + rel
	case n < 62: // fixed again
		rel := e.pick(files)
		if good, ok := e.good[rel]; ok {
			e.write(rel, good)
		}
		what = "fix " + rel
	case n < 70: // renamed, maybe into another folder
		rel := e.pick(files)
		to := filepath.Join(e.pick(folders), fmt.Sprintf("moved-%d%s", e.step, filepath.Ext(rel)))
		if e.rng.IntN(4) == 0 {
			to = filepath.Join(filepath.Dir(rel), "a"+filepath.Base(rel))
		}
		if err := os.MkdirAll(filepath.Join(e.dir, filepath.Dir(to)), 0o755); err != nil {
			e.t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(e.dir, rel), filepath.Join(e.dir, to)); err != nil {
			e.t.Fatal(err)
		}
		e.touched = append(e.touched, filepath.Join(e.dir, rel), filepath.Join(e.dir, to))
		if good, ok := e.good[rel]; ok {
			e.good[to] = good
		}
		what = "rename " + rel + " " + to
	case n < 76: // deleted
		rel := e.pick(files)
		if err := os.Remove(filepath.Join(e.dir, rel)); err != nil {
			e.t.Fatal(err)
		}
		e.touched = append(e.touched, filepath.Join(e.dir, rel))
		what = "delete " + rel
	case n < 80: // saved as it was
		rel := e.pick(files)
		e.write(rel, e.read(rel))
		what = "save " + rel
	case n < 84: // changed behind the size and the time: only the word of the watcher tells
		rel := e.pick(files)
		p := filepath.Join(e.dir, rel)
		info, err := os.Stat(p)
		if err != nil {
			e.t.Fatal(err)
		}
		c := e.read(rel)
		if i := strings.IndexAny(c, "0123456789"); i >= 0 {
			c = c[:i] + string("1234567890"[c[i]-'0']) + c[i+1:]
		}
		e.write(rel, c)
		if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
			e.t.Fatal(err)
		}
		what = "change keeping size and time " + rel
	case n < 86: // a link to nothing: an error of the reader
		rel := filepath.Join("deals", fmt.Sprintf("dangling-%d.yaml", e.step))
		if err := os.Symlink("nowhere.yaml", filepath.Join(e.dir, rel)); err != nil {
			e.t.Fatal(err)
		}
		what = "dangling link " + rel
	case n < 87: // a link to a deal: one file, found twice
		target := e.pick(files)
		rel := filepath.Join(filepath.Dir(target), fmt.Sprintf("link-%d.yaml", e.step))
		if err := os.Symlink(filepath.Base(target), filepath.Join(e.dir, rel)); err != nil {
			e.t.Fatal(err)
		}
		what = "link " + rel + " to " + target
	case n < 88: // a file too large to be a deal
		rel := filepath.Join("deals", fmt.Sprintf("big-%d.yaml", e.step))
		e.write(rel, "id: big\nnotes: |\n"+strings.Repeat("  "+strings.Repeat("x", 61)+"\n", 17000))
		what = "too large " + rel
	case n < 96: // the configuration or its rule pack
		switch e.rng.IntN(5) {
		case 0: // a rate
			e.config = regexp.MustCompile(`EUR: [0-9.]+`).ReplaceAllString(e.config, "EUR: 1.0"+strconv.Itoa(e.step%10))
			e.write("deals.config.yaml", e.config)
			e.cfgBad = false
		case 1: // a member of the team, who owns a deal or not
			member := "  - id: pat-new\n    name: Pat New\n    manager: helen-prescott\n"
			if strings.Contains(e.config, member) {
				e.config = strings.Replace(e.config, member, "", 1)
			} else {
				e.config = strings.Replace(e.config, "team:\n", "team:\n"+member, 1)
			}
			e.write("deals.config.yaml", e.config)
			e.cfgBad = false
		case 2: // a team rule's severity
			if strings.Contains(e.rules, "severity: warning") {
				e.rules = strings.Replace(e.rules, "severity: warning", "severity: error", 1)
			} else {
				e.rules = strings.Replace(e.rules, "severity: error", "severity: warning", 1)
			}
			e.write("rules/qualification.yaml", e.rules)
		case 3: // broken, until a later edit of the configuration
			e.write("deals.config.yaml", "stages: [\n")
			e.cfgBad = true
		case 4: // written as it was, or fixed
			e.write("deals.config.yaml", e.config)
			e.cfgBad = false
		}
		what = "configuration"
	default: // a deal in a folder that appears
		rel := filepath.Join("deals", fmt.Sprintf("dir-%d", e.step), "inside.yaml")
		content := string(dealgen.Deal(13, e.step))
		e.write(rel, content)
		e.good[rel] = content
		what = "add " + rel
	}
	e.log = append(e.log, what)
}

// liveSequences is how many random sequences TestLiveProperty runs:
// DEALS_LIVE_SEQUENCES, else a few with -short and more without.
func liveSequences(t *testing.T) int {
	if s := os.Getenv("DEALS_LIVE_SEQUENCES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("DEALS_LIVE_SEQUENCES=%q is not a positive number", s)
		}
		return n
	}
	if testing.Short() {
		return 3
	}
	return 12
}

// TestLiveProperty is the specification of the live site: after any
// sequence of edits (deals added, changed, broken, fixed, renamed, deleted,
// given another's id; the configuration and its rule pack changed or
// broken), the site an update gives is the site a full build of the same
// files gives, page for page and byte for byte. Each sequence is seeded:
// DEALS_LIVE_SEED=N runs sequence N alone.
func TestLiveProperty(t *testing.T) {
	first, count := uint64(1), liveSequences(t)
	if s := os.Getenv("DEALS_LIVE_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("DEALS_LIVE_SEED=%q", s)
		}
		first, count = n, 1
	}
	const steps = 14
	for seed := first; seed < first+uint64(count); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			dir := liveRepo(t)
			opts := liveOptions(dir)
			// Some sequences in Chinese, with a base URL (a sitemap), or
			// with a history.
			switch seed % 4 {
			case 1:
				opts.Lang = "zh"
			case 2:
				opts.BaseURL = "https://deals.example/"
			case 3:
				opts.history, opts.noHistory = madeUpHistory(), false
			}
			// Some with columns of two cards and pages of two: the
			// columns' pages and the board's companion script come and
			// go as deals move.
			if seed%3 == 0 {
				opts.boardCards, opts.columnPageCards = 2, 2
			}
			b, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			live := b.Live()
			site, res, ch, err := live.Update(nil)
			if err != nil || !ch.Whole {
				t.Fatalf("first update: %v, %+v", err, ch)
			}
			sameSite(t, "the first update", opts, site, res)
			ed := newEditor(t, dir, seed)
			for step := range steps {
				ed.touched = nil
				for range 1 + ed.rng.IntN(3) {
					ed.edit()
				}
				// Most updates are told what changed, as by the watcher;
				// some are not, and see it from sizes and times, which
				// the edits then move on (a save within the clock's tick
				// keeps the time, and the watcher is what tells then).
				hints := ed.touched
				if ed.rng.IntN(4) == 0 && !strings.Contains(strings.Join(ed.log, "\n"), "keeping size") {
					hints = nil
					later := time.Now().Add(time.Duration(step+1) * time.Second)
					for _, p := range ed.touched {
						_ = os.Chtimes(p, later, later)
					}
				}
				what := fmt.Sprintf("step %d (%s)", step, strings.Join(ed.log, "; "))
				site, res, ch, err = live.Update(hints)
				if ed.cfgBad {
					if err == nil {
						t.Fatalf("%s: an update under a broken configuration did not fail", what)
					}
					ed.log = nil
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				sameSite(t, what, opts, site, res)
				if os.Getenv("DEALS_LIVE_LOG") != "" {
					t.Logf("%s: %+v of %d pages", what, ch, res.Pages)
				}
				if !ch.Whole && ch.Rendered > res.Pages {
					t.Fatalf("%s: %d pages rendered of %d", what, ch.Rendered, res.Pages)
				}
				ed.log = nil
			}
		})
	}
}

// TestLiveBadInput: what an update makes of the edits that break things
// (a file deleted, renamed, made unparseable, given another deal's id) is
// what a full build makes of them, step by step, and reads only the files
// that changed.
func TestLiveBadInput(t *testing.T) {
	dir := liveRepo(t)
	opts := liveOptions(dir)
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	live := b.Live()
	site, res, _, err := live.Update(nil)
	if err != nil {
		t.Fatal(err)
	}
	huaxin := filepath.Join(dir, "deals", "huaxin-steel-pdm-2027.yaml")
	tidewater := filepath.Join(dir, "deals", "tidewater-compressors-2026.yaml")
	moved := filepath.Join(dir, "deals", "emea", "tidewater.yaml")
	data, err := os.ReadFile(huaxin)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		what    string
		edit    func() []string
		changed int
		check   func(*Result)
	}{
		{"saved as it was", func() []string { writeFile(t, huaxin, string(data)); return []string{huaxin} }, 0, nil},
		{"made unparseable", func() []string { writeFile(t, huaxin, "id: [oops\n"); return []string{huaxin} }, 1,
			func(r *Result) {
				if r.Unreadable != 1 {
					t.Errorf("unparseable: %d unreadable", r.Unreadable)
				}
			}},
		{"fixed", func() []string { writeFile(t, huaxin, string(data)); return []string{huaxin} }, 1, nil},
		{"given another deal's id", func() []string {
			writeFile(t, huaxin, strings.Replace(string(data), "id: huaxin-steel-pdm-2027", "id: tidewater-compressors-2026", 1))
			return []string{huaxin}
		}, 1, func(r *Result) {
			page, _ := site.Open("deals/tidewater-compressors-2026.html")
			if !bytes.Contains(page, []byte("deal-id-unique")) {
				t.Error("the other deal's page does not show the duplicate id")
			}
		}},
		{"renamed", func() []string {
			if err := os.MkdirAll(filepath.Dir(moved), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tidewater, moved); err != nil {
				t.Fatal(err)
			}
			return []string{tidewater, moved}
		}, 2, func(r *Result) {
			if _, ok := site.Open("deals/tidewater-compressors-2026.html"); ok {
				t.Error("the page of the file's old name is still there")
			}
		}},
		{"deleted", func() []string {
			if err := os.Remove(moved); err != nil {
				t.Fatal(err)
			}
			return []string{moved}
		}, 1, func(r *Result) {
			page, _ := site.Open("deals/huaxin-steel-pdm-2027.html")
			if bytes.Contains(page, []byte("deal-id-unique")) {
				t.Error("the duplicate id outlived the other deal")
			}
		}},
	} {
		changed := step.edit()
		var ch Changes
		site, res, ch, err = live.Update(changed)
		if err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		sameSite(t, step.what, opts, site, res)
		if ch.Whole || ch.Files != step.changed {
			t.Errorf("%s: %+v, want %d files changed", step.what, ch, step.changed)
		}
		if step.changed == 0 && ch.Rendered != 0 {
			t.Errorf("%s: %d pages rendered again", step.what, ch.Rendered)
		}
		if step.check != nil {
			step.check(res)
		}
	}
}

// TestLiveCorruptCache: the cache of the linted history, changed on disk,
// is ignored and written again; the site is the one built without it.
func TestLiveCorruptCache(t *testing.T) {
	g := gittest.New(t, "2026-10-01")
	src, err := os.ReadFile("../examples/deals/huaxin-steel-pdm-2027.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g.Write("deals.config.yaml", "currency: {base: CNY}\n")
	g.Write("deals/huaxin.yaml", string(src))
	g.Commit("Wang Hao", "wang@example.com", "start")
	g.Write("deals/huaxin.yaml", strings.Replace(string(src), "stage: negotiate", "stage: propose", 1))
	g.Commit("Wang Hao", "wang@example.com", "back a stage")
	cacheDir := t.TempDir()
	opts := Options{ConfigFile: filepath.Join(g.Dir, "deals.config.yaml"), Paths: []string{g.Dir}, Today: today, Version: "test"}
	withCache := opts
	withCache.Cache = func(cfg *config.Config) *lint.Cache {
		return lint.CacheFor(cacheDir, lint.CacheKey{Config: cfg, Version: "test"}, []string{"versions", cfg.Root})
	}
	liveSite := func(o Options) *Site {
		b, err := New(o)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		site, _, _, err := b.Live().Update(nil)
		if err != nil {
			t.Fatal(err)
		}
		return site
	}
	want := liveSite(opts)
	liveSite(withCache)
	files, _ := filepath.Glob(filepath.Join(cacheDir, "lint-*.gob"))
	if len(files) != 1 {
		t.Fatalf("cache files: %v", files)
	}
	good, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Clone(good)
	bad[len(bad)/2] ^= 0x01
	if err := os.WriteFile(files[0], bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if diff := siteDiff(liveSite(withCache), want); diff != "" {
		t.Errorf("with a corrupt cache: %s", diff)
	}
	after, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	const magic = "deals lint cache 2\n"
	if bytes.Equal(after, bad) || !bytes.HasPrefix(after, []byte(magic)) {
		t.Fatal("the corrupt cache was not written again")
	}
	if sum := sha256.Sum256(after[len(magic)+32:]); !bytes.Equal(sum[:], after[len(magic):len(magic)+32]) {
		t.Error("the cache written again does not hold its own sum")
	}
}

// TestDetached: the summary a site keeps of a deal shares no text with
// the parsed deal, whose whole file one shared string would keep.
func TestDetached(t *testing.T) {
	cfg, err := config.Parse("deals.config.yaml", dealgen.Config())
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := newTranslator("en")
	bd, err := newBuilder(builderOptions{cfg: cfg, linter: l, tr: tr, today: today, out: discardSink{}})
	if err != nil {
		t.Fatal(err)
	}
	strs := 0
	for i := range 20 {
		d, problems := deal.Parse("d.yaml", dealgen.Deal(3, i))
		res := l.Deal(d, problems)
		info := bd.info(d, "deals/d.html", res.Findings, res.Score, len(problems) == 0)
		copied := detached(info)
		if !reflect.DeepEqual(info, copied) {
			t.Fatal("the copy differs")
		}
		strs += sharedText(t, reflect.ValueOf(info), reflect.ValueOf(copied), "info")
	}
	if strs < 100 {
		t.Fatalf("only %d strings compared", strs)
	}
}

// sharedText fails for every string of b, a copy of a, that shares a's
// memory, and counts the strings it compared; unexported fields too.
func sharedText(t *testing.T, a, b reflect.Value, at string) int {
	n := 0
	switch a.Kind() {
	case reflect.String:
		if a.Len() > 0 {
			if unsafe.StringData(a.String()) == unsafe.StringData(b.String()) {
				t.Errorf("%s shares its text: %q", at, a.String())
			}
			n++
		}
	case reflect.Struct:
		for i := range a.NumField() {
			n += sharedText(t, a.Field(i), b.Field(i), at+"."+a.Type().Field(i).Name)
		}
	case reflect.Slice, reflect.Array:
		for i := range a.Len() {
			n += sharedText(t, a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", at, i))
		}
	case reflect.Pointer, reflect.Interface:
		if !a.IsNil() {
			n += sharedText(t, a.Elem(), b.Elem(), at)
		}
	}
	return n
}
