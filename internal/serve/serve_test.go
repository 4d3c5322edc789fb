package serve

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"github.com/dealsascode/deals/internal/browsertest"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/render"
	"github.com/fsnotify/fsnotify"
)

// wait bounds every wait for the server: a rebuild takes milliseconds.
const wait = 10 * time.Second

// A small deals repository, with what a real one has besides deals: git's
// folder and a site built by deals build, neither of them watched.
var sample = map[string]string{
	"deals.config.yaml": "currency:\n  base: USD\n  rates: {EUR: 1.1}\nteam:\n  - {id: li-na, name: Li Na}\n",
	"deals/good.yaml": `id: good
title: First conversation
account: {name: Good Corp, size: small}
product: {name: Suite, complexity: simple}
owner: li-na
stage: prospect
`,
	"deals/late.yaml": `id: late
title: Late deal
account: {name: Late Corp, size: medium}
product: {name: Suite, complexity: complex}
owner: li-na
stage: develop
amount: {value: 10000, currency: EUR}
close_date: 2026-10-01
`,
	".git/HEAD":         "ref: refs/heads/main\n",
	"_site/.deals-site": "written by deals build\n",
	"_site/old.yaml":    "id: not-a-deal\n",
}

func writeRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range sample {
		write(t, filepath.Join(dir, name), content)
	}
	return dir
}

func write(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func buildOptions(dir string) render.Options {
	return render.Options{ConfigFile: filepath.Join(dir, "deals.config.yaml"), Paths: []string{dir}, Today: "2026-11-26", Version: "test"}
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testServer struct {
	url    string
	builds chan Rebuild
	log    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs the server on a free loopback port and waits for it to listen.
func start(t *testing.T, dir string) *testServer {
	t.Helper()
	return startWith(t, buildOptions(dir))
}

// startWith is start with the build options given.
func startWith(t *testing.T, build render.Options) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{builds: make(chan Rebuild, 100), log: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		s.done <- Run(ctx, Options{
			Addr:      "127.0.0.1:0",
			Build:     build,
			Log:       s.log,
			Listening: func(a string) { addr <- a },
			Rebuilt:   func(r Rebuild) { s.builds <- r },
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(wait):
			t.Error("Run did not return after its context was cancelled")
		}
	})
	select {
	case a := <-addr:
		s.url = "http://" + a
	case err := <-s.done:
		t.Fatalf("Run returned before listening: %v", err)
	case <-time.After(wait):
		t.Fatal("the server did not start listening")
	}
	first := s.waitBuild(t, "the first build", func(r Rebuild) bool { return true })
	if first.Err != nil || first.Result.Deals != 2 {
		t.Fatalf("first build: %+v", first)
	}
	return s
}

// waitBuild waits for a build that satisfies ok.
func (s *testServer) waitBuild(t *testing.T, what string, ok func(Rebuild) bool) Rebuild {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case r := <-s.builds:
			if ok(r) {
				return r
			}
		case <-deadline:
			t.Fatalf("timed out waiting for %s; log:\n%s", what, s.log.String())
		}
	}
}

type response struct {
	status int
	header http.Header
	body   string
}

func (s *testServer) do(t *testing.T, method, path string) response {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: wait}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

func (s *testServer) get(t *testing.T, path string) response {
	t.Helper()
	return s.do(t, http.MethodGet, path)
}

// page gets an HTML page that must be there, with the reload script.
func (s *testServer) page(t *testing.T, path string) string {
	t.Helper()
	r := s.get(t, path)
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: %d %s", path, r.status, r.header.Get("Content-Type"))
	}
	if !strings.Contains(r.body, EventsPath) || !strings.Contains(r.body, `id="deals-serve"`) {
		t.Errorf("GET %s: no reload script", path)
	}
	return r.body
}

// events subscribes to the events stream and delivers the name of every
// event received.
func (s *testServer) events(t *testing.T, query string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+EventsPath+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	names := make(chan string, 100)
	go func() {
		defer close(names)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				names <- name
			}
		}
	}()
	return names
}

func waitEvent(t *testing.T, events <-chan string, want string) {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case name, ok := <-events:
			if !ok {
				t.Fatalf("the events stream ended before %q", want)
			}
			if name == want {
				return
			}
		case <-deadline:
			t.Fatalf("no %q event within %s", want, wait)
		}
	}
}

func TestServe(t *testing.T) {
	dir := writeRepo(t)
	s := start(t, dir)

	// The pages, with the reload script; the rest as it is.
	if body := s.page(t, "/pipeline.html"); !strings.Contains(body, "Good Corp") || strings.Contains(body, "deals-serve-banner") {
		t.Errorf("GET /: want the pipeline without a banner:\n%s", body)
	}
	s.page(t, "/index.html")
	if body := s.page(t, "/deals/good.html"); !strings.Contains(body, "First conversation") {
		t.Errorf("the deal page lacks its title")
	}
	for path, ctype := range map[string]string{"/assets/style.css": "text/css; charset=utf-8", "/assets/app.js": "text/javascript; charset=utf-8"} {
		r := s.get(t, path)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != ctype || strings.Contains(r.body, EventsPath) {
			t.Errorf("GET %s: %d %s", path, r.status, r.header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/nope.html", "/deals/", "/.deals-site", "/../deals.config.yaml"} {
		if r := s.get(t, path); r.status != http.StatusNotFound || !strings.Contains(r.body, "Not found") || !strings.Contains(r.body, EventsPath) {
			t.Errorf("GET %s: %d, want the 404 page", path, r.status)
		}
	}
	if r := s.do(t, http.MethodHead, "/deals/good.html"); r.status != http.StatusOK || r.body != "" || r.header.Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", r.status, len(r.body), r.header.Get("Content-Length"))
	}
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		if r := s.do(t, method, "/"); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s /: %d, Allow %q", method, r.status, r.header.Get("Allow"))
		}
	}

	// Only requests for this computer are answered (no DNS rebinding).
	req, err := http.NewRequest(http.MethodGet, s.url+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "attacker.example:8080"
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a request for another host name: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	// A page served with an earlier build reloads as soon as it listens.
	waitEvent(t, s.events(t, "?build=earlier"), "reload")

	// Editing a deal rebuilds the site and reloads the open pages.
	events := s.events(t, "")
	waitEvent(t, events, "hello")
	good := filepath.Join(dir, "deals", "good.yaml")
	write(t, good, strings.Replace(sample["deals/good.yaml"], "First conversation", "Second conversation", 1))
	waitEvent(t, events, "reload")
	if body := s.page(t, "/deals/good.html"); !strings.Contains(body, "Second conversation") {
		t.Errorf("after the edit, the deal page does not show the new title")
	}
	// Only what the edit changed is rendered again: the deal's page and
	// the pages that show it, not the rules that did not fire.
	rebuilt := regexp.MustCompile(`(?m)^rebuilt in \d+ ms: 2 deals, 0 files with errors; 1 file changed, (\d+) of (\d+) pages rendered$`).FindStringSubmatch(s.log.String())
	if rebuilt == nil {
		t.Fatalf("log:\n%s", s.log.String())
	}
	if n, total := atoi(t, rebuilt[1]), atoi(t, rebuilt[2]); n < 2 || n >= total/2 {
		t.Errorf("%d of %d pages rendered again for the title of one deal", n, total)
	}

	// A new folder is watched too.
	write(t, filepath.Join(dir, "deals", "emea", "new.yaml"), strings.Replace(sample["deals/good.yaml"], "id: good", "id: new", 1))
	s.waitBuild(t, "the deal in a new folder", func(r Rebuild) bool { return r.Result != nil && r.Result.Deals == 3 })
	s.page(t, "/deals/new.html")

	// Broken deal files stay on the site, on the errors page, with a banner
	// on every page.
	write(t, good, "id: good\ntitle: [oops\n")
	write(t, filepath.Join(dir, "deals", "late.yaml"), sample["deals/late.yaml"]+"colour: red\n")
	s.waitBuild(t, "the broken deals", func(r Rebuild) bool {
		return r.Result != nil && r.Result.Unreadable == 1 && r.Result.Invalid == 1
	})
	waitEvent(t, events, "reload")
	banner := `2 files have errors — see <a href="/errors.html"`
	for _, path := range []string{"/", "/deals/late.html", "/nope.html"} {
		if body := s.get(t, path).body; !strings.Contains(body, banner) {
			t.Errorf("GET %s: no banner %q", path, banner)
		}
	}
	if body := s.page(t, "/errors.html"); !strings.Contains(body, "good.yaml") || !strings.Contains(body, "late.yaml") {
		t.Errorf("the errors page does not list the broken files")
	}
	if !strings.Contains(s.log.String(), ": 2 deals, 2 files with errors; 2 files changed, ") {
		t.Errorf("log:\n%s", s.log.String())
	}

	// A configuration that cannot be read keeps the last good site, with
	// the error in the banner.
	config := filepath.Join(dir, "deals.config.yaml")
	write(t, config, "stages: [\n")
	failed := s.waitBuild(t, "the failed build", func(r Rebuild) bool { return r.Err != nil })
	waitEvent(t, events, "reload")
	body := s.page(t, "/pipeline.html")
	if !strings.Contains(body, "Late Corp") || !strings.Contains(body, "could not be rebuilt") ||
		!strings.Contains(body, html.EscapeString(failed.Err.Error())) || !strings.Contains(body, banner) {
		t.Errorf("after breaking the configuration, want the last good site and the error:\n%s", body)
	}
	if !strings.Contains(s.log.String(), "rebuild failed after") {
		t.Errorf("log:\n%s", s.log.String())
	}

	// Fixing it recovers, from what was kept: the configuration is the
	// one the site was built with.
	write(t, config, sample["deals.config.yaml"])
	write(t, good, sample["deals/good.yaml"])
	recovered := s.waitBuild(t, "the recovery", func(r Rebuild) bool { return r.Err == nil && r.Result.Unreadable == 0 })
	if recovered.Changes.Whole {
		t.Errorf("the configuration as it was rebuilt every page: %+v", recovered.Changes)
	}
	if body := s.page(t, "/"); strings.Contains(body, "could not be rebuilt") || !strings.Contains(body, "1 file has errors") {
		t.Errorf("after the fix: want only late.yaml's banner")
	}

	// Another configuration renders every page again, and says why.
	write(t, config, sample["deals.config.yaml"]+"review_max_age_days: 20\n")
	whole := s.waitBuild(t, "the new configuration", func(r Rebuild) bool { return r.Err == nil && r.Changes.Whole })
	if whole.Changes.Why != "config" || whole.Changes.Rendered != whole.Result.Pages {
		t.Errorf("a new configuration: %+v of %d pages", whole.Changes, whole.Result.Pages)
	}
	if !regexp.MustCompile(`(?m)^rebuilt in \d+ ms: 3 deals, 1 file with errors; the configuration changed, all \d+ pages rendered$`).MatchString(s.log.String()) {
		t.Errorf("log:\n%s", s.log.String())
	}

	// Cancelling the context stops the server, open event streams included.
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		s.done <- err // for the clean-up
	case <-time.After(wait):
		t.Fatal("Run did not return after its context was cancelled")
	}
	select {
	case <-drain(events):
	case <-time.After(wait):
		t.Error("the events stream is still open")
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(s.url, "http://"), time.Second); err == nil {
		t.Error("the server still accepts connections")
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// drain closes its channel once events ends.
func drain(events <-chan string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		for range events {
		}
		close(done)
	}()
	return done
}

// TestStopDuringABuild: Ctrl-C stops the server whatever it is doing,
// even in the middle of a build of a large repository, the first one or a
// rebuild; the build is dropped.
func TestStopDuringABuild(t *testing.T) {
	real := update
	t.Cleanup(func() { update = real })
	var blocking atomic.Bool
	entered, release := make(chan struct{}, 10), make(chan struct{})
	defer close(release)
	update = func(l *render.Live, changed []string) (*render.Site, *render.Result, render.Changes, error) {
		if blocking.Load() {
			entered <- struct{}{}
			<-release
		}
		return real(l, changed)
	}
	stopped := func(what string, cancel context.CancelFunc, done <-chan error) {
		t.Helper()
		select {
		case <-entered:
		case <-time.After(wait):
			t.Fatalf("%s: no build started", what)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: Run returned %v, want nil", what, err)
			}
		case <-time.After(wait):
			t.Fatalf("%s: Run did not return while a build was running", what)
		}
	}

	blocking.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Options{Addr: "127.0.0.1:0", Build: buildOptions(writeRepo(t))}) }()
	stopped("the first build", cancel, done)

	blocking.Store(false)
	dir := writeRepo(t)
	ctx, cancel = context.WithCancel(context.Background())
	done = make(chan error, 1)
	built := make(chan struct{}, 10)
	go func() {
		done <- Run(ctx, Options{Addr: "127.0.0.1:0", Build: buildOptions(dir), Rebuilt: func(Rebuild) { built <- struct{}{} }})
	}()
	select {
	case <-built:
	case <-time.After(wait):
		t.Fatal("the first build did not end")
	}
	blocking.Store(true)
	write(t, filepath.Join(dir, "deals", "late.yaml"), strings.Replace(sample["deals/late.yaml"], "Late deal", "Later deal", 1))
	stopped("a rebuild", cancel, done)
}

func TestStartFailures(t *testing.T) {
	dir := writeRepo(t)
	write(t, filepath.Join(dir, "deals.config.yaml"), "stages: [\n")
	listened := false
	err := Run(context.Background(), Options{Addr: "127.0.0.1:0", Build: buildOptions(dir), Listening: func(string) { listened = true }})
	if err == nil || listened || !strings.Contains(err.Error(), "deals.config.yaml") {
		t.Errorf("an invalid configuration at the start: %v (listened: %v)", err, listened)
	}

	dir = writeRepo(t)
	o := buildOptions(dir)
	o.Paths = []string{filepath.Join(dir, "nope")}
	err = Run(context.Background(), Options{Addr: "127.0.0.1:0", Build: o, Listening: func(string) { listened = true }})
	if err == nil || listened || !strings.Contains(err.Error(), "cannot watch") {
		t.Errorf("a path that does not exist: %v (listened: %v)", err, listened)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = Run(context.Background(), Options{Addr: ln.Addr().String(), Build: buildOptions(dir)})
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("an address in use: %v", err)
	}
}

// The site in memory is the site deals build writes, file for file, and
// what the server injects never reaches the built site.
func TestMemorySiteIsTheBuiltSite(t *testing.T) {
	dir := writeRepo(t)
	o := buildOptions(dir)
	site, res, err := render.BuildMemory(o)
	if err != nil {
		t.Fatal(err)
	}
	o.Out = filepath.Join(t.TempDir(), "site")
	built, err := render.Build(o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Deals != built.Deals || res.Pages != built.Pages || res.Findings != built.Findings {
		t.Errorf("memory %+v, folder %+v", res, built)
	}
	var names []string
	err = filepath.WalkDir(o.Out, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(o.Out, p)
		name := filepath.ToSlash(rel)
		names = append(names, name)
		data, _ := os.ReadFile(p)
		mem, ok := site.Open(name)
		if !ok || !bytes.Equal(mem, data) {
			t.Errorf("%s differs between the folder and memory", name)
		}
		if bytes.Contains(data, []byte(EventsPath)) || bytes.Contains(data, []byte("deals-serve")) {
			t.Errorf("%s: the built site has what only the server adds", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, "\n") != strings.Join(site.Names(), "\n") {
		t.Errorf("files: folder %d, memory %d", len(names), len(site.Names()))
	}
}

func TestBannerIsEscaped(t *testing.T) {
	st := &state{id: "x-1", err: errors.New(`deals.config.yaml:1:1: <script>alert("hi")</script> & more`), res: &render.Result{Unreadable: 1}}
	b := string(banner(st, i18n.UI().Printer(i18n.English)))
	if strings.Contains(b, "<script>") || !strings.Contains(b, "&lt;script&gt;alert(&#34;hi&#34;)&lt;/script&gt; &amp; more") {
		t.Errorf("banner: %s", b)
	}
	if !strings.Contains(b, `1 file has errors — see <a href="/errors.html"`) {
		t.Errorf("banner: %s", b)
	}
	if zh := string(banner(st, i18n.UI().Printer(i18n.Chinese))); strings.Contains(zh, "<script>") || !strings.Contains(zh, `<a href="/errors.html"`) || !strings.Contains(zh, "1 个文件有错误") {
		t.Errorf("Chinese banner: %s", zh)
	}
	if banner(&state{res: &render.Result{}}, i18n.UI().Printer(i18n.English)) != nil {
		t.Error("a banner when all is well")
	}
	zh := string(banner(&state{res: &render.Result{Unreadable: 2}}, i18n.UI().Printer(i18n.Chinese)))
	if !strings.Contains(zh, `2 个文件有错误，见<a href="/errors.html"`) || !strings.Contains(zh, `>文件错误</a>`) {
		t.Errorf("banner in Chinese: %s", zh)
	}
}

func TestInject(t *testing.T) {
	st := &state{id: "abc-2", banner: []byte("<div>BANNER</div>\n")}
	page := []byte("<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body class=\"page-x\">\n<main>m</main>\n</body>\n</html>\n")
	got := string(inject(page, st))
	want := "<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body class=\"page-x\"><div>BANNER</div>\n\n<main>m</main>\n" +
		`<div id="deals-serve" hidden data-build="abc-2"></div>` + "\n" + reloadScript + "</body>\n</html>\n"
	if got != want {
		t.Errorf("inject:\n%s\nwant:\n%s", got, want)
	}
	if !strings.HasPrefix(string(page), "<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body class=\"page-x\">\n<main>") {
		t.Error("inject changed the page it was given")
	}
	// A fragment without a body still gets the script, at its end.
	if got := string(inject([]byte("<p>x</p>"), st)); !strings.HasPrefix(got, "<div>BANNER</div>\n<p>x</p>") || !strings.HasSuffix(got, reloadScript) {
		t.Errorf("inject into a fragment: %s", got)
	}
}

// TestContentType: the type of a site's file by its name, whatever the
// system's MIME table says; a name that does not tell is "".
func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"index.html":       "text/html; charset=utf-8",
		"assets/app.js":    "text/javascript; charset=utf-8",
		"pipeline-more.js": "text/javascript; charset=utf-8",
		"assets/style.css": "text/css; charset=utf-8",
		"sitemap.xml":      "application/xml; charset=utf-8",
		"map.svg":          "image/svg+xml",
		"README":           "",
	} {
		if got, known := typeOf(name); got != want || known != (want != "") {
			t.Errorf("%s: %q (%v), want %q", name, got, known, want)
		}
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "[::1]:80": true, "0.0.0.0:8080": false, "[::]:8080": false, "192.168.1.2:80": false} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := loopback(a); got != want {
			t.Errorf("loopback(%s) = %v", addr, got)
		}
	}
}

func TestLocalHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost:8080": true, "LOCALHOST": true, "app.localhost:80": true, "127.0.0.1:8080": true, "127.1.2.3": true,
		"[::1]:8080": true, "localhost.:8080": true,
		"attacker.example:8080": false, "192.168.1.2:8080": false, "localhost.attacker.example": false, "": false,
	} {
		if got := localHost(host); got != want {
			t.Errorf("localHost(%q) = %v", host, got)
		}
	}
}

// The watcher leaves out what deals never reads, and follows new folders.
func TestWatcher(t *testing.T) {
	dir := writeRepo(t)
	write(t, filepath.Join(dir, "node_modules", "x", "a.yaml"), "")
	write(t, filepath.Join(dir, "deals", "apac", "b.yaml"), "")
	var log syncBuffer
	w, err := newWatcher([]string{dir}, []string{filepath.Join(dir, "deals.config.yaml")}, &log, i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	var trees []string
	for d := range w.trees {
		rel, _ := filepath.Rel(dir, d)
		trees = append(trees, filepath.ToSlash(rel))
	}
	if got := strings.Join(slices.Sorted(slices.Values(trees)), " "); got != ". deals deals/apac" {
		t.Errorf("watched folders: %s", got)
	}
	ev := func(op fsnotify.Op, rel string) fsnotify.Event {
		return fsnotify.Event{Name: filepath.Join(dir, filepath.FromSlash(rel)), Op: op}
	}
	for _, c := range []struct {
		ev   fsnotify.Event
		want bool
	}{
		{ev(fsnotify.Write, "deals/good.yaml"), true},
		{ev(fsnotify.Create, "deals/apac/c.yml"), true},
		{ev(fsnotify.Remove, "deals/late.yaml"), true},
		{ev(fsnotify.Rename, "deals/late.yaml"), true},
		{ev(fsnotify.Write, "deals.config.yaml"), true},
		{ev(fsnotify.Chmod, "deals/good.yaml"), false},
		{ev(fsnotify.Write, "deals/notes.md"), false},
		{ev(fsnotify.Create, "deals/.good.yaml.swp"), false},
		{ev(fsnotify.Write, ".git/HEAD"), false},
		{ev(fsnotify.Write, "_site/old.yaml"), false},
		{ev(fsnotify.Write, "node_modules/x/a.yaml"), false},
		{ev(fsnotify.Create, ".git"), false},
	} {
		if got := w.changed(c.ev); got != c.want {
			t.Errorf("%s: %v, want %v", c.ev, got, c.want)
		}
	}
	// A new folder is watched, a site that appears is not, and a folder
	// that goes is forgotten.
	if err := os.MkdirAll(filepath.Join(dir, "deals", "emea", "de"), 0o755); err != nil {
		t.Fatal(err)
	}
	if !w.changed(ev(fsnotify.Create, "deals/emea")) || !w.trees[filepath.Join(dir, "deals", "emea", "de")] {
		t.Error("a new folder and its subfolders are not watched")
	}
	write(t, filepath.Join(dir, "public", repo.SiteMarker), "")
	if w.changed(ev(fsnotify.Create, "public")) || w.trees[filepath.Join(dir, "public")] {
		t.Error("a built site is watched")
	}
	if err := os.RemoveAll(filepath.Join(dir, "deals", "emea")); err != nil {
		t.Fatal(err)
	}
	if !w.changed(ev(fsnotify.Remove, "deals/emea")) || w.trees[filepath.Join(dir, "deals", "emea", "de")] {
		t.Error("a removed folder is still watched")
	}

	// A configuration outside the watched folders is watched on its own.
	w2, err := newWatcher([]string{filepath.Join(dir, "deals")}, []string{filepath.Join(dir, "deals.config.yaml")}, &log, i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.close()
	if !w2.changed(ev(fsnotify.Write, "deals.config.yaml")) || !w2.changed(ev(fsnotify.Rename, "deals.config.yaml")) ||
		w2.changed(ev(fsnotify.Write, "other.yaml")) || !w2.changed(ev(fsnotify.Write, "deals/good.yaml")) {
		t.Error("the configuration outside the deals folder")
	}
	if log.String() != "" {
		t.Errorf("log:\n%s", log.String())
	}
}

// The handler on its own, without a network.
func TestHandler(t *testing.T) {
	site, res, err := render.BuildMemory(buildOptions(writeRepo(t)))
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(Options{}, nil)
	st := &state{site: site, res: res, id: "t-1"}
	s.cur.Store(st)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	index, _ := site.Open("index.html")
	if rec.Code != http.StatusOK || rec.Body.String() != string(inject(index, st)) {
		t.Errorf("GET /: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, EventsPath, nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/event-stream" || rec.Body.Len() != 0 {
		t.Errorf("HEAD %s: %d %q", EventsPath, rec.Code, rec.Header().Get("Content-Type"))
	}
}

// In a real browser, the injected script reloads the open page when the
// site is rebuilt, and the banner appears. Skipped without Chromium.
func TestReloadInBrowser(t *testing.T) {
	exe := browsertest.Need(t)
	dir := writeRepo(t)
	s := start(t, dir)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/deals/good.html"), chromedp.WaitVisible(chromedp.CSS("article.deal h1"))); err != nil {
		t.Fatal(err)
	}
	// A mark that only a reload removes. The page may not listen yet when
	// the file changes: it says which build it has, and reloads when it does.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	waitFor := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(wait)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("the page did not show %s within %s", what, wait)
	}
	write(t, filepath.Join(dir, "deals", "good.yaml"), strings.Replace(sample["deals/good.yaml"], "First conversation", "Reloaded by itself", 1))
	waitFor("the new title", `document.querySelector("article.deal h1").textContent.indexOf("Reloaded by itself") >= 0 && !window.notReloaded`)
	write(t, filepath.Join(dir, "deals.config.yaml"), "stages: [\n")
	waitFor("the banner", `!!document.getElementById("deals-serve-banner") && document.body.firstElementChild.id === "deals-serve-banner"`)
}

// TestAsOf serves the site of a revision: built once from the commit, not
// from the files on disk, and not rebuilt when they change.
func TestAsOf(t *testing.T) {
	g := gittest.New(t, "2026-10-01")
	for name, content := range sample {
		g.Write(name, content)
	}
	first := g.Commit("Li Na", "li@example.com", "start")
	g.Write("deals/good.yaml", strings.Replace(sample["deals/good.yaml"], "First conversation", "Second conversation", 1))
	g.Commit("Li Na", "li@example.com", "second")
	o := buildOptions(g.Dir)
	o.AsOf = first
	s := startWith(t, o)
	if body := s.page(t, "/deals/good.html"); !strings.Contains(body, "First conversation") {
		t.Error("the page is not the one of the revision")
	}
	write(t, filepath.Join(g.Dir, "deals", "good.yaml"), strings.Replace(sample["deals/good.yaml"], "First conversation", "Edited on disk", 1))
	select {
	case r := <-s.builds:
		t.Errorf("the site of a revision was rebuilt: %+v", r)
	case <-time.After(debounce + time.Second):
	}
	if body := s.page(t, "/deals/good.html"); !strings.Contains(body, "First conversation") {
		t.Error("the page changed with the files on disk")
	}
}

// The log of a rebuild says in the site's language what was read and
// rendered again.
func TestRebuildLogInChinese(t *testing.T) {
	dir := writeRepo(t)
	o := buildOptions(dir)
	o.Lang = "zh"
	s := startWith(t, o)
	write(t, filepath.Join(dir, "deals", "late.yaml"), strings.Replace(sample["deals/late.yaml"], "Late deal", "Later deal", 1))
	r := s.waitBuild(t, "the rebuild", func(r Rebuild) bool { return r.Result != nil && r.Changes.Files == 1 })
	want := regexp.MustCompile(`(?m)^重新生成用时 \d+ 毫秒：2 个商机，0 个文件 有错误；1 个文件有改动，重新生成了 (\d+) 个页面中的 (\d+) 个$`)
	m := want.FindStringSubmatch(s.log.String())
	if m == nil {
		t.Fatalf("log:\n%s", s.log.String())
	}
	if atoi(t, m[1]) != r.Result.Pages || atoi(t, m[2]) != r.Changes.Rendered {
		t.Errorf("log %q, changes %+v of %d pages", m[0], r.Changes, r.Result.Pages)
	}
	write(t, filepath.Join(dir, "deals.config.yaml"), sample["deals.config.yaml"]+"review_max_age_days: 20\n")
	s.waitBuild(t, "the new configuration", func(r Rebuild) bool { return r.Result != nil && r.Changes.Whole })
	if !regexp.MustCompile(`(?m)^重新生成用时 \d+ 毫秒：2 个商机，0 个文件 有错误；配置已更改，全部 \d+ 个页面都重新生成了$`).MatchString(s.log.String()) {
		t.Errorf("log:\n%s", s.log.String())
	}
}

// Files other than pages go as the site keeps them, compressed, to a
// client that takes gzip; pages, which get the reload script, and
// clients that do not take gzip get the file as it is.
func TestGzip(t *testing.T) {
	s := start(t, writeRepo(t))
	site, _, err := render.BuildMemory(buildOptions(writeRepo(t)))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Set by hand, the transport leaves the body as it came.
		req.Header.Set("Accept-Encoding", accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	css, _ := site.Open("assets/style.css")
	resp, body := get("/assets/style.css", "br, gzip;q=0.8")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Fatalf("GET the stylesheet taking gzip: %v", resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := io.ReadAll(zr); err != nil || !bytes.Equal(plain, css) {
		t.Errorf("the stylesheet decompressed is not the site's: %v", err)
	}
	for _, accept := range []string{"identity", "gzip;q=0", "br"} {
		resp, body = get("/assets/style.css", accept)
		if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, css) {
			t.Errorf("Accept-Encoding %q: %v, %d bytes", accept, resp.Header, len(body))
		}
	}
	resp, body = get("/deals/good.html", "gzip")
	if resp.Header.Get("Content-Encoding") != "" || !bytes.Contains(body, []byte(EventsPath)) {
		t.Errorf("a page taking gzip: %v", resp.Header)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.5": true, "*": true, "GZIP": true, " gzip ; q=0.001": true,
		"": false, "identity": false, "br": false, "gzip;q=0": false, "gzip; q=0.0": false, "*;q=0": false, "x-gzip": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v", header, got)
		}
	}
}

// The first build has the collector's budget of a build; the server then
// keeps to it as a soft memory limit, which it puts back when it stops.
// GOGC or GOMEMLIMIT leave the collector alone.
func TestGCBudget(t *testing.T) {
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	limit := func() int64 { return debug.SetMemoryLimit(-1) }
	wasPercent, wasLimit := percent(), limit()
	g := &gcBudget{getenv: func(string) string { return "" }}
	budget := render.GCFiles(1000) + 10000 // 1,000 deals, 10,000 versions in the history
	g.start(budget)
	if percent() != -1 || limit() != lint.GCLimit(budget) {
		t.Errorf("during the first build: GC percent %d, limit %d", percent(), limit())
	}
	g.start(5000) // a second whole build keeps to the server's limit
	g.end()
	if percent() != wasPercent || limit() < lint.GCLimit(budget) || limit() == wasLimit {
		t.Errorf("after the first build: GC percent %d (was %d), limit %d", percent(), wasPercent, limit())
	}
	g.start(5000)
	if percent() != wasPercent {
		t.Error("a later build changed the collector")
	}
	g.stop()
	if percent() != wasPercent || limit() != wasLimit {
		t.Errorf("stopped: GC percent %d (was %d), limit %d (was %d)", percent(), wasPercent, limit(), wasLimit)
	}
	env := &gcBudget{getenv: func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	}}
	env.start(1000)
	env.end()
	if percent() != wasPercent || limit() != wasLimit {
		t.Errorf("with GOGC set: GC percent %d, limit %d", percent(), limit())
	}
	env.stop()
}
