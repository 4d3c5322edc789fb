// Package serve serves the site of a deals repository from memory, rebuilding it and reloading open pages whenever a file changes.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/render"
)

// DefaultAddr is where the site is served unless Options.Addr says otherwise:
// this computer only.
const DefaultAddr = "127.0.0.1:8080"

// EventsPath is the server-sent events stream that tells open pages to reload.
const EventsPath = "/__deals/events"

// Options say what to serve and where.
type Options struct {
	// Addr is the host:port to listen on; "" is DefaultAddr. Port 0 picks
	// a free port (see Listening).
	Addr string
	// Build says what to build; its Out is not used. With Build.AsOf the
	// site of that revision is built once and nothing is watched.
	Build render.Options
	// Watch lists the folders (watched with their subfolders) and files
	// whose changes rebuild the site. Empty watches Build.Paths, or the
	// configuration's folder when there are none; Build.ConfigFile is
	// always watched.
	Watch []string
	// Log receives a line per build, and warnings; nil discards them.
	Log io.Writer
	// Lang is the language of the log until the first build says the
	// site's (Build.Lang, or the configuration's); "" is English.
	Lang i18n.Lang
	// Listening, when set, is called once the server accepts connections,
	// with the address it listens on (host:port).
	Listening func(addr string)
	// Rebuilt, when set, is called after every build, the first included,
	// once the new site is served and open pages have been told to reload.
	Rebuilt func(Rebuild)
	// Getenv reads the environment (GOGC and GOMEMLIMIT, which win over the
	// collector's budget of the first build); nil is os.Getenv.
	Getenv func(string) string
}

// Rebuild says what one build did.
type Rebuild struct {
	// Result is the build's result, nil when the build failed.
	Result *render.Result
	// Changes says what was read and rendered again: after the first build
	// only the deals that changed and the pages made from them, unless the
	// configuration or the day changed.
	Changes render.Changes
	// Err is why the build failed (an invalid deals.config.yaml, say); the
	// last good site is still served, with the error on every page.
	Err error
	// Took is how long the build took.
	Took time.Duration
}

// debounce is how long the files must be quiet before a rebuild: an editor
// saving a file, or git checking out a branch, makes a burst of events.
// One save's events come within a few milliseconds; a rebuild reads and
// renders only what changed, so a burst that outlasts the wait costs one
// more small rebuild, and the wait is most of what a save of a small
// repository takes to show. maxDelay bounds the wait when the events never
// stop.
const (
	debounce = 50 * time.Millisecond
	maxDelay = 2 * time.Second
)

// Run builds the site, serves it until ctx is cancelled and rebuilds it
// whenever a watched file changes. It returns an error when the first
// build fails, when the files cannot be watched or when the address
// cannot be listened on; it returns nil once stopped by ctx.
func Run(ctx context.Context, o Options) error {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	// The first build runs with the collector's budget of a build of its
	// size, as deals build does: faster, and a bounded peak; the server
	// then runs with the usual collector.
	gc := &gcBudget{getenv: o.Getenv}
	defer gc.stop()
	progress := o.Build.Progress
	history := 0 // the builder's HistorySize, once it has read the history
	o.Build.Progress = func(done, total int) {
		gc.start(render.GCFiles(total) + history)
		if progress != nil {
			progress(done, total)
		}
	}
	builder, err := render.New(o.Build)
	if err != nil {
		return err
	}
	history = builder.HistorySize()
	s := newServer(o, builder)
	s.live = builder.Live()
	defer func() {
		// A build left running when Run was stopped still reads
		// through the builder; the process is about to end anyway.
		if !s.abandoned.Load() {
			builder.Close()
		}
	}()
	// Watching starts first, so that no change made during the first
	// build is missed. The site of a revision never changes.
	var w *watcher
	if !builder.Static() {
		roots, files := watchRoots(o)
		if w, err = newWatcher(roots, files, o.Log, o.Lang); err != nil {
			return err
		}
		defer w.close()
	}
	err = s.rebuild(ctx, true, nil)
	gc.end()
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped during the first build
		}
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	if loopback(ln.Addr()) {
		s.localOnly = true
	} else {
		fmt.Fprintln(o.Log, s.words().T("serve.log.public", "addr", o.Addr))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(o.Log, "deals: ", 0)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		if w != nil {
			s.watch(ctx, w)
		}
	}()
	if o.Listening != nil {
		o.Listening(shownAddr(o.Addr, ln.Addr()))
	}
	select {
	case <-ctx.Done():
		err = nil
	case err = <-served:
	}
	cancel()
	close(s.stopping) // ends the event streams, which would keep Shutdown waiting
	stop, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if serr := srv.Shutdown(stop); serr != nil && err == nil {
		err = serr
	}
	<-watched
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// gcBudget gives the first build the collector's budget of a build of its
// size (lint.TuneGC, of render.GCFiles and the history's size), once it
// knows how many files it reads, and takes it
// back when the build is over, even if it goes on after Run stopped. The
// server then keeps to that budget as a soft memory limit (or twice the
// site it holds, if that is more): it holds a large site that does not
// change and makes a little garbage at each save, and without a limit the
// collector lets the heap grow to twice what it holds and the system keeps
// what it freed. GOGC or GOMEMLIMIT, when set, win.
type gcBudget struct {
	getenv  func(string) string
	mu      sync.Mutex
	files   int
	restore func()
	over    bool
	// limit is the memory limit before the server's, for stop.
	limit int64
	set   bool
}

func (g *gcBudget) env(key string) string {
	if g.getenv == nil {
		return os.Getenv(key)
	}
	return g.getenv(key)
}

// start starts the first build's budget, of files (lint.TuneGC).
func (g *gcBudget) start(files int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.over || g.restore != nil {
		return
	}
	g.files = files
	g.restore = lint.TuneGC(g.env, files)
}

// end ends the first build's budget and sets the server's limit.
func (g *gcBudget) end() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.over {
		return
	}
	g.over = true
	if g.restore == nil {
		return
	}
	g.restore()
	g.restore = nil
	if g.env("GOGC") != "" || g.env("GOMEMLIMIT") != "" {
		return
	}
	limit := lint.GCLimit(g.files)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		limit = max(limit, 2*int64(sample[0].Value.Uint64()))
	}
	g.limit, g.set = debug.SetMemoryLimit(limit), true
}

// stop puts back the memory limit there was before the server.
func (g *gcBudget) stop() {
	g.end()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.set {
		debug.SetMemoryLimit(g.limit)
		g.set = false
	}
}

// watchRoots lists what Run watches (see Options.Watch): roots, which must
// exist, and files, which may not exist yet (the configuration).
func watchRoots(o Options) (roots, files []string) {
	roots = o.Watch
	if len(roots) == 0 {
		roots = o.Build.Paths
	}
	if len(roots) == 0 {
		roots = []string{"."}
		if o.Build.ConfigFile != "" {
			roots = []string{filepath.Dir(o.Build.ConfigFile)}
		}
	}
	if o.Build.ConfigFile != "" {
		files = []string{o.Build.ConfigFile}
		// The rule packs it includes are part of it; a configuration
		// that does not load now is watched for the fix alone.
		if cfg, err := repo.LoadConfig(o.Build.ConfigFile); err == nil {
			for _, inc := range cfg.Includes {
				files = append(files, filepath.FromSlash(inc.File))
			}
		}
	}
	return roots, files
}

// shownAddr is the address listened on as given (localhost, 0.0.0.0),
// with the port chosen for port 0.
func shownAddr(given string, a net.Addr) string {
	host, _, err := net.SplitHostPort(given)
	tcp, ok := a.(*net.TCPAddr)
	if err != nil || !ok || host == "" {
		return a.String()
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// loopback reports whether the server can only be reached from this computer.
func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// state is what is being served: the last good site, and whether the
// latest build failed. It is replaced as a whole after every build.
type state struct {
	site *render.Site
	res  *render.Result
	err  error
	// id changes with every build; pages carry the id they were served
	// with, so one loaded during a rebuild reloads at once.
	id     string
	banner []byte
}

// update brings the live site up to date with the files; a test makes it
// slower than any signal.
var update = (*render.Live).Update

type server struct {
	opts    Options
	builder *render.Builder
	// live is the site kept up to date from one build to the next.
	live  *render.Live
	token string // tells this process's builds from an earlier one's
	// localOnly refuses requests for other host names than this
	// computer's, so that no web page can read the pipeline through a
	// name of its own that resolves to 127.0.0.1 (DNS rebinding).
	localOnly bool
	// lang is the language of the log and the banner: the site's.
	lang     i18n.Lang
	builds   int
	cur      atomic.Pointer[state]
	stopping chan struct{}
	// abandoned is set when Run stopped during a build, which still runs.
	abandoned atomic.Bool

	mu   sync.Mutex
	subs map[chan string]struct{}
}

func newServer(o Options, b *render.Builder) *server {
	lang := o.Lang
	if lang == "" {
		lang = i18n.English
	}
	return &server{opts: o, lang: lang, builder: b, token: strconv.FormatInt(time.Now().UnixNano(), 36), stopping: make(chan struct{}), subs: map[chan string]struct{}{}}
}

// rebuild brings the site up to date and serves it; when that fails, the
// last good site is served with the error. The first build has no site to
// fall back on: its failure is returned. changed are the files the watcher
// saw change (see render.Live.Update).
func (s *server) rebuild(ctx context.Context, first bool, changed []string) error {
	start := time.Now()
	type built struct {
		site *render.Site
		res  *render.Result
		ch   render.Changes
		err  error
	}
	// The build runs apart, so that Ctrl-C stops the server at once even
	// while it builds 10,000 deals: a build in memory leaves nothing
	// behind when it is dropped.
	done := make(chan built, 1)
	go func() {
		site, res, ch, err := update(s.live, changed)
		done <- built{site, res, ch, err}
	}()
	var b built
	select {
	case <-ctx.Done():
		s.abandoned.Store(true)
		return ctx.Err()
	case b = <-done:
	}
	site, res, err := b.site, b.res, b.err
	took := time.Since(start)
	s.builds++
	st := &state{id: fmt.Sprintf("%s-%d", s.token, s.builds)}
	if err != nil {
		if first {
			return err
		}
		prev := s.cur.Load()
		st.site, st.res, st.err = prev.site, prev.res, err
		p := s.words()
		fmt.Fprintln(s.opts.Log, p.T("serve.log.failed", "ms", took.Milliseconds(), "error", i18n.Text(err, p)))
	} else {
		st.site, st.res = site, res
		s.lang = res.Lang
		p := s.words()
		fmt.Fprintln(s.opts.Log, logLine(p, first, took, res, b.ch))
		for _, e := range res.Errors {
			fmt.Fprintln(s.opts.Log, p.T("cli.error", "error", i18n.Text(e, p)))
		}
		if first {
			for _, n := range res.Notes {
				fmt.Fprintln(s.opts.Log, p.T("cli.error", "error", n))
			}
		}
	}
	st.banner = banner(st, s.words())
	s.cur.Store(st)
	s.broadcast(st.id)
	if s.opts.Rebuilt != nil {
		s.opts.Rebuilt(Rebuild{Result: res, Changes: b.ch, Err: err, Took: took})
	}
	return nil
}

// logLine says what a build did: how long it took, what the site has,
// and, after the first, what it read and rendered again and why.
func logLine(p i18n.Printer, first bool, took time.Duration, res *render.Result, ch render.Changes) string {
	args := []any{"ms", took.Milliseconds(), "deals", i18n.M("serve.log.deals", "count", res.Deals), "errors", i18n.M("serve.log.errors", "count", fileErrors(res)),
		"total", res.Pages}
	switch {
	case first:
		return p.T("serve.log.built", args...)
	case ch.Whole && ch.Why != "":
		return p.T("serve.log.whole", append(args, "why", i18n.M("serve.log.why."+ch.Why))...)
	}
	return p.T("serve.log.rebuilt", append(args, "changed", i18n.M("serve.log.files", "count", ch.Files), "pages", ch.Rendered)...)
}

// fileErrors counts the files on the errors page.
func fileErrors(res *render.Result) int {
	if res == nil {
		return 0
	}
	return res.Unreadable + res.Invalid
}

// words are the interface texts in the site's language.
func (s *server) words() i18n.Printer { return i18n.UI().Printer(s.lang) }

// --- HTTP ----------------------------------------------------------------

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: the site is read-only", http.StatusMethodNotAllowed)
		return
	}
	if s.localOnly && !localHost(r.Host) {
		http.Error(w, "403 forbidden: deals serve answers requests for this computer only (localhost, 127.0.0.1)", http.StatusForbidden)
		return
	}
	if r.URL.Path == EventsPath {
		s.events(w, r)
		return
	}
	st := s.cur.Load()
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	if !st.site.Has(name) || hidden(name) {
		s.send(w, r, http.StatusNotFound, "text/html; charset=utf-8", inject([]byte(notFoundPage), st))
		return
	}
	// The site holds its files compressed. A page gets the banner and the
	// reload script, so it is opened; any other file goes as it is kept to
	// a client that takes gzip.
	ctype, known := typeOf(name)
	w.Header().Set("Vary", "Accept-Encoding")
	if gz, ok := st.site.Gzip(name); ok && known && !strings.HasPrefix(ctype, "text/html") && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		w.Header().Set("Content-Encoding", "gzip")
		s.send(w, r, http.StatusOK, ctype, gz)
		return
	}
	data, _ := st.site.Open(name)
	if !known {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, st)
	}
	s.send(w, r, http.StatusOK, ctype, data)
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip: named,
// or as *, without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if q > 0 {
			return true
		}
	}
	return false
}

// localHost reports whether a request's Host names this computer.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *server) send(w http.ResponseWriter, r *http.Request, status int, ctype string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store") // the next rebuild changes it
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// hidden reports whether a file of the site is not a page (.deals-site).
func hidden(name string) bool {
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// contentTypes are the types of the files a site has, independent of the
// system's MIME table.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".xml":  "application/xml; charset=utf-8",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
	".png":  "image/png",
	".ico":  "image/x-icon",
}

// typeOf is the type of a file by its name, and whether the name tells;
// when it does not, ServeHTTP reads the type from the content.
func typeOf(name string) (string, bool) {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t, true
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t, true
	}
	return "", false
}

// events streams server-sent events: "hello" once connected, "reload"
// after every build. A page that says which build it was served with
// (?build=ID) is told to reload at once when the site changed since.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	ch := s.subscribe()
	defer s.unsubscribe(ch)
	flusher, _ := w.(http.Flusher)
	write := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}
	cur := s.cur.Load().id
	if b := r.URL.Query().Get("build"); b != "" && b != cur {
		if !write("retry: 1000\nevent: reload\ndata: %s\n\n", cur) {
			return
		}
	} else if !write("retry: 1000\nevent: hello\ndata: %s\n\n", cur) {
		return
	}
	ping := time.NewTicker(30 * time.Second) // finds clients that are gone
	defer ping.Stop()
	for {
		select {
		case id := <-ch:
			if !write("event: reload\ndata: %s\n\n", id) {
				return
			}
		case <-ping.C:
			if !write(": ping\n\n") {
				return
			}
		case <-r.Context().Done():
			return
		case <-s.stopping:
			return
		}
	}
}

func (s *server) subscribe() chan string {
	ch := make(chan string, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch
}

func (s *server) unsubscribe(ch chan string) {
	s.mu.Lock()
	delete(s.subs, ch)
	s.mu.Unlock()
}

// broadcast tells every open page that the site was rebuilt. A page that
// has not taken the previous news yet reloads anyway: it is not sent twice.
func (s *server) broadcast(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- id:
		default:
		}
	}
}

// --- what is injected into served pages ----------------------------------

// reloadScript listens to the events stream and reloads the page when the
// site is rebuilt. It is static: the build it was served with is read from
// the element before it.
const reloadScript = `<script>
/* deals serve: reload when the site is rebuilt */
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var el = document.getElementById("deals-serve");
  var build = (el && el.getAttribute("data-build")) || "";
  var events = new EventSource("` + EventsPath + `?build=" + encodeURIComponent(build));
  events.addEventListener("reload", function () { events.close(); location.reload(); });
})();
</script>
`

// notFoundPage is served, with the reload script, for paths the site does
// not have; it does not repeat the path.
const notFoundPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · deals</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<main>
<h1>Not found</h1>
<p>The site has no page here: the deal may have been renamed or removed. <a href="/pipeline.html">Go to the pipeline</a>.</p>
</main>
</body>
</html>
`

var (
	bodyOpen  = []byte("<body")
	bodyClose = []byte("</body>")
)

// inject adds the banner (if any) at the top of an HTML page and the reload
// script at its end. The site's pages are left as they are: this makes a
// new copy.
func inject(page []byte, st *state) []byte {
	top := 0
	if i := bytes.Index(page, bodyOpen); i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			top = i + j + 1
		}
	}
	end := bytes.LastIndex(page, bodyClose)
	if end < top {
		end = len(page)
	}
	marker := `<div id="deals-serve" hidden data-build="` + html.EscapeString(st.id) + `"></div>` + "\n"
	out := make([]byte, 0, len(page)+len(st.banner)+len(marker)+len(reloadScript))
	out = append(out, page[:top]...)
	out = append(out, st.banner...)
	out = append(out, page[top:end]...)
	out = append(out, marker...)
	out = append(out, reloadScript...)
	out = append(out, page[end:]...)
	return out
}

const (
	bannerStyle = `position:sticky;top:0;z-index:1000;margin:0;padding:.6rem 1.2rem;background:#b3261e;color:#fff;font:15px/1.4 system-ui,sans-serif`
	linkStyle   = `color:#fff;text-decoration:underline;font-weight:bold`
	errorStyle  = `white-space:pre-wrap;margin:.3rem 0 0;font:13px/1.4 ui-monospace,monospace`
)

// banner says, at the top of every page, what is wrong: files with errors
// (with a link to the errors page), or a build that failed (with its
// error). It is empty when all is well.
func banner(st *state, t i18n.Printer) []byte {
	n := fileErrors(st.res)
	if st.err == nil && n == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`<div id="deals-serve-banner" role="alert" style="` + bannerStyle + `">`)
	if st.err != nil {
		b.WriteString("<strong>" + html.EscapeString(t.T("serve.failed")) + "</strong>" + html.EscapeString(t.T("serve.lastGood")))
		b.WriteString(`<pre style="` + errorStyle + `">` + html.EscapeString(i18n.Text(st.err, t)) + `</pre>`)
	}
	if n > 0 {
		if st.err != nil {
			b.WriteString(`<div>`)
		}
		// The catalog's text is escaped, then the link is put in as markup.
		link := `<a href="/errors.html" style="` + linkStyle + `">` + html.EscapeString(t.T("nav.errors")) + `</a>`
		b.WriteString(t.Format(html.EscapeString(t.T("serve.errors", "count", n)), "link", link))
		if st.err != nil {
			b.WriteString(`</div>`)
		}
	}
	b.WriteString("</div>\n")
	return []byte(b.String())
}

// CheckAddr checks that an address to listen on is HOST:PORT with a
// numeric port; its errors name the --addr flag.
func CheckAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		var ae *net.AddrError
		if errors.As(err, &ae) {
			err = errors.New(ae.Err)
		}
		return fmt.Errorf("--addr %q: %v; use HOST:PORT, such as %s", addr, err, DefaultAddr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("--addr %q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}
