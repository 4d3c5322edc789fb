// Package lsp is deals lsp: a language server that coaches deal files and the configuration while they are typed.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// Options are what the server is started with.
type Options struct {
	// Lang is the language of what the server writes when the user named
	// one (--lang); "" takes the configuration's language, else the
	// editor's, else English.
	Lang i18n.Lang
	// Today is the date deals are judged on, YYYY-MM-DD; "" is the day of
	// each check.
	Today string
	// Log receives what the server cannot tell the editor (stderr).
	Log io.Writer
	// Version is the version of deals, told to the editor.
	Version string
}

// ErrExitBeforeShutdown is what Serve returns when the editor said exit
// without asking the server to shut down first: by the protocol, the
// process then exits with status 1.
var ErrExitBeforeShutdown = errors.New("exit before shutdown")

// Serve speaks the Language Server Protocol over in and out until the
// editor says exit or closes the stream.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := newServer(opts)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(stdio{in, out}), jsonrpc2.WithCodec(codec{}))
	s.client = protocol.ClientDispatcher(conn)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.work(ctx)
	go s.send(ctx)
	conn.Go(ctx, s.handler(protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler)))
	select {
	case <-s.exited:
	case <-conn.Done():
	case <-ctx.Done():
	}
	cancel()
	closed := make(chan struct{})
	go func() { _ = conn.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(time.Second):
		// A stream that cannot be closed (a pipe nobody reads) must not
		// keep the process.
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exit && !s.shutdown {
		return ErrExitBeforeShutdown
	}
	return nil
}

// stdio joins the two standard streams into the one connection jsonrpc2
// reads and writes.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	var errs []error
	for _, c := range []any{s.Reader, s.Writer} {
		if c, ok := c.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}

// codec encodes the payloads of messages with the protocol package's
// encoder, which knows its union types, as protocol.NewServer does.
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case jsonrpc2.RawMessage:
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	case *jsonrpc2.RawMessage:
		if m == nil || *m == nil {
			return []byte("null"), nil
		}
		return *m, nil
	}
	return protocol.Marshal(v)
}

func (codec) Unmarshal(data []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// server is the state of one editor's session. Messages are handled one at
// a time, in the order they arrive, on the connection's reading goroutine:
// the edits of a document are applied in order, and every request sees the
// text as the editor last sent it. Linting, which can take long on a
// pathological file, runs on another goroutine (work), so that no request
// waits for it.
type server struct {
	protocol.UnimplementedServer
	opts   Options
	client protocol.Client

	mu sync.Mutex
	// enc is how positions count characters, agreed at initialize.
	enc encoding
	// editorLang is the language of the editor's locale, the last choice.
	editorLang     i18n.Lang
	roots          []string
	watchFiles     bool
	initialized    bool
	shutdown, exit bool
	exited         chan struct{}

	docs map[uri.URI]*document
	// spaces are the workspaces by configuration file; a folder without
	// one is keyed by the folder, with a "?" before it.
	spaces map[string]*workspace
	// pending are the documents to lint again; wake tells work so.
	pending map[uri.URI]bool
	wake    chan struct{}
	// published are the files given diagnostics of the configuration,
	// so that they are cleared when fixed.
	published map[string]map[uri.URI]bool
	told      map[string]bool

	// linting is true while work lints what it took from pending.
	linting bool

	// out are the notifications to send, in order (notify); sending is
	// true while send sends some.
	outMu   sync.Mutex
	out     []func()
	sending bool
	outWake chan struct{}
}

func newServer(opts Options) *server {
	return &server{opts: opts, exited: make(chan struct{}), docs: map[uri.URI]*document{}, spaces: map[string]*workspace{},
		pending: map[uri.URI]bool{}, wake: make(chan struct{}, 1), outWake: make(chan struct{}, 1), published: map[string]map[uri.URI]bool{}, told: map[string]bool{}}
}

// handler answers what the protocol package does not: a panic or an error
// of a notification would end the connection there; here it is logged and
// the server goes on. Requests after shutdown are refused, as the protocol
// says.
func (s *server) handler(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
		method := req.Method()
		call := req.IsCall()
		defer func() {
			if r := recover(); r != nil {
				s.logf("deals lsp: %s: internal error: %v\n%s", method, r, debug.Stack())
				result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "deals lsp: internal error in %s: %v", method, r)
			}
			if !call && err != nil {
				s.logf("deals lsp: %s: %v", method, err)
				result, err = nil, nil
			}
		}()
		s.mu.Lock()
		down, ready := s.shutdown, s.initialized
		s.mu.Unlock()
		switch {
		case call && down && method != protocol.MethodShutdown:
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "deals lsp: the server is shutting down")
		case call && !ready && method != protocol.MethodInitialize:
			return nil, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "deals lsp: initialize first")
		case !call && strings.HasPrefix(method, "$/"):
			return nil, nil // cancellation and progress: every request is answered at once
		}
		return next(ctx, req)
	}
}

func (s *server) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

// Initialize agrees on how positions count and says what the server does.
func (s *server) Initialize(_ context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initialized = true
	var offered []protocol.PositionEncodingKind
	caps := params.Capabilities
	if caps.General != nil {
		offered = caps.General.PositionEncodings
	}
	var kind protocol.PositionEncodingKind
	s.enc, kind = pickEncoding(offered)
	if caps.Workspace != nil && caps.Workspace.DidChangeWatchedFiles != nil && caps.Workspace.DidChangeWatchedFiles.DynamicRegistration != nil {
		s.watchFiles = *caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	}
	s.editorLang = i18n.English
	if params.Locale != nil {
		if l, err := i18n.Parse(*params.Locale); err == nil {
			s.editorLang = l
		}
	}
	if folders, ok := params.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			s.roots = append(s.roots, f.URI.FsPath())
		}
	}
	if len(s.roots) == 0 && params.RootURI != nil && *params.RootURI != "" {
		s.roots = append(s.roots, params.RootURI.FsPath())
	}
	yes := true
	incremental := protocol.TextDocumentSyncKindIncremental
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding:       kind,
			TextDocumentSync:       &protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: &incremental, Save: protocol.Boolean(true)},
			HoverProvider:          protocol.Boolean(true),
			CompletionProvider:     &protocol.CompletionOptions{TriggerCharacters: []string{":", " ", "[", ",", "-"}},
			CodeActionProvider:     &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, protocol.CodeActionKindSource}},
			DefinitionProvider:     protocol.Boolean(true),
			DocumentSymbolProvider: protocol.Boolean(true),
		},
		ServerInfo: protocol.ServerInfo{Name: "deals", Version: protocol.NewOptional(s.opts.Version)},
	}, nil
}

// Initialized asks the editor to report changes of YAML files on disk
// (a pull, another branch), which change the ids the open deals are
// compared with, and the configuration.
func (s *server) Initialized(ctx context.Context, _ *protocol.InitializedParams) error {
	s.mu.Lock()
	watch := s.watchFiles
	s.mu.Unlock()
	if !watch {
		return nil
	}
	opts, err := protocol.Marshal(&protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
		{GlobPattern: protocol.Pattern("**/*.yaml")}, {GlobPattern: protocol.Pattern("**/*.yml")},
	}})
	if err != nil {
		return err
	}
	// A request to the editor waits for its answer, which is read by the
	// goroutine running this handler: it is sent from another.
	go func() {
		err := s.client.RegisterCapability(context.WithoutCancel(ctx), &protocol.RegistrationParams{Registrations: []protocol.Registration{
			{ID: "deals-files", Method: protocol.MethodWorkspaceDidChangeWatchedFiles, RegisterOptions: opts},
		}})
		if err != nil {
			s.logf("deals lsp: watching files: %v", err)
		}
	}()
	return nil
}

// Shutdown stops answering requests; exit then ends the session. The
// diagnostics of the last edits are published first (for up to two
// seconds), so that an editor that closes a file and quits, or a script
// of messages, sees them.
func (s *server) Shutdown(context.Context) error {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && !s.idle(); {
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// idle reports whether nothing is left to lint or to send.
func (s *server) idle() bool {
	s.mu.Lock()
	pending := len(s.pending) > 0 || s.linting
	s.mu.Unlock()
	s.outMu.Lock()
	defer s.outMu.Unlock()
	return !pending && len(s.out) == 0 && !s.sending
}

// Exit ends the session.
func (s *server) Exit(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exit {
		s.exit = true
		close(s.exited)
	}
	return nil
}

// SetTrace is accepted: the server writes its log to stderr whatever the
// trace.
func (s *server) SetTrace(context.Context, *protocol.SetTraceParams) error { return nil }

// DidChangeConfiguration is accepted: the server reads its settings from
// deals.config.yaml and its flags, not from the editor.
func (s *server) DidChangeConfiguration(context.Context, *protocol.DidChangeConfigurationParams) error {
	return nil
}

// document is a file the editor has open.
type document struct {
	uri     uri.URI
	path    string // absolute, links resolved
	version int32
	text    *text
	// space is the workspace the file belongs to; kind what it is there.
	space *workspace
	kind  docKind
	// name is the file as the workspace names it (relative to its root).
	name string
	// Of the deal as last linted: its findings (without those of the
	// cross-file rules), its id for those rules, and the deal itself as
	// last parsed, and as last parsed without problems, which completion
	// and navigation use while the text is half typed.
	linted   int32
	findings []lint.Finding
	ref      lint.DealRef
	parsed   *deal.Deal
	good     *deal.Deal
	// shown is the diagnostics last published, to publish only changes;
	// shownFindings the findings they show, which hover and code actions
	// look up.
	shown         string
	shownFindings []lint.Finding
}

type docKind int

const (
	otherFile docKind = iota
	dealFile
	configFile
)

func (s *server) DidOpen(_ context.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	s.mu.Lock()
	defer s.mu.Unlock()
	d := &document{uri: td.URI, version: td.Version, text: newText(td.Text)}
	s.docs[td.URI] = d
	s.place(d)
	s.schedule(d)
	return nil
}

func (s *server) DidChange(_ context.Context, params *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[params.TextDocument.URI]
	if !ok {
		return fmt.Errorf("%s is not open", params.TextDocument.URI)
	}
	for _, c := range params.ContentChanges {
		d.text = d.text.apply(c, s.enc)
	}
	d.version = params.TextDocument.Version
	if d.kind == otherFile && d.space != nil && d.space.cfgFile == "" {
		s.place(d) // a modeline may have been typed
	}
	s.schedule(d)
	return nil
}

func (s *server) DidSave(context.Context, *protocol.DidSaveTextDocumentParams) error { return nil }

// DidClose hands the file back to the disk: its diagnostics are cleared,
// and what the cross-file rules know of it is read from disk again.
func (s *server) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[params.TextDocument.URI]
	if !ok {
		return nil
	}
	delete(s.docs, d.uri)
	delete(s.pending, d.uri)
	if d.space != nil {
		switch d.kind {
		case dealFile:
			d.space.refresh(d.path)
			s.recheck(d.space)
		case configFile:
			s.reloadConfig(d.space, nil)
		}
	}
	s.notify(func() {
		_ = s.client.PublishDiagnostics(context.WithoutCancel(ctx), &protocol.PublishDiagnosticsParams{URI: d.uri, Diagnostics: []protocol.Diagnostic{}})
	})
	return nil
}

// DidChangeWatchedFiles takes what changed on disk: a deal's id, or the
// configuration, which re-reads the workspace.
func (s *server) DidChangeWatchedFiles(_ context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range params.Changes {
		p := realPath(ev.URI.FsPath())
		for _, w := range s.spaces {
			switch {
			case w.cfgFile == "" || w.rel(p) == "":
			case p == w.cfgFile:
				if !s.isOpen(p) {
					s.reloadConfig(w, nil)
				}
			case !s.isOpen(p):
				w.refresh(p)
				s.recheck(w)
			}
		}
	}
	return nil
}

func (s *server) isOpen(path string) bool {
	for _, d := range s.docs {
		if d.path == path {
			return true
		}
	}
	return false
}

// place finds the workspace of a document and what the file is there.
func (s *server) place(d *document) {
	d.kind, d.space = otherFile, nil
	if !d.uri.IsFile() {
		return
	}
	d.path = realPath(d.uri.FsPath())
	if !repo.IsYAML(d.path) {
		return
	}
	w := s.workspaceOf(d.path)
	d.space = w
	switch {
	case w.cfgFile != "" && d.path == w.cfgFile:
		d.kind = configFile
	case w.isDeal(d.path, d.text.s):
		d.kind, d.name = dealFile, w.rel(d.path)
		if d.name == "" {
			d.name = filepath.Base(d.path)
		}
	}
}

// workspaceOf is the workspace of the file at path, opened on first use:
// the repository of the deals.config.yaml found in its folder or above.
func (s *server) workspaceOf(path string) *workspace {
	cfgFile := config.Find(filepath.Dir(path))
	key := ""
	if cfgFile != "" {
		if abs, err := filepath.Abs(cfgFile); err == nil {
			cfgFile = realPath(abs)
		}
		key = cfgFile
	} else {
		key = "?" + filepath.Dir(path)
	}
	if w, ok := s.spaces[key]; ok {
		return w
	}
	start := time.Now()
	w := openWorkspace(cfgFile, filepath.Dir(path), s.opts.Lang, s.fallbackLang(), s.today())
	s.spaces[key] = w
	if cfgFile == "" {
		if !s.told[filepath.Dir(path)] {
			s.told[filepath.Dir(path)] = true
			s.tell(protocol.MessageTypeInfo, s.words(w).T("lsp.noConfig", "folder", filepath.Dir(path), "file", config.FileName))
		}
	} else {
		s.logf("deals lsp: %s: deal files indexed: %d, in %s", cfgFile, len(w.disk), time.Since(start).Round(time.Millisecond))
	}
	if cfgFile != "" {
		s.reloadConfig(w, nil)
	}
	return w
}

// reloadConfig parses the configuration again, from the editor's text when
// it is open (text not nil) or from disk, publishes its problems, and lints
// the workspace's open deals again under it.
func (s *server) reloadConfig(w *workspace, text *string) {
	if w.cfgFile == "" {
		return
	}
	if text == nil {
		for _, d := range s.docs {
			if d.path == w.cfgFile {
				text = &d.text.s
			}
		}
	}
	var err error
	cfg := w.cfg
	if text != nil {
		cfg, err = w.tree.ParseConfig(w.cfgFile, []byte(*text))
	} else {
		cfg, err = w.tree.Config(w.cfgFile)
	}
	before := w.cfg
	w.setConfig(cfg, err, s.opts.Lang, s.fallbackLang(), s.today())
	if w.cfg != before {
		w.index()
	}
	s.publishConfig(w)
	for _, d := range s.docs {
		if d.space == w && d.kind != configFile {
			s.place(d)
			if d.kind == dealFile {
				s.schedule(d)
			}
		}
	}
}

// recheck runs the cross-file rules of a workspace again for its open
// deals, after an id changed.
func (s *server) recheck(w *workspace) {
	for _, d := range s.docs {
		if d.space == w && d.kind == dealFile {
			s.pending[d.uri] = true
		}
	}
	s.signal()
}

func (s *server) fallbackLang() i18n.Lang {
	if s.editorLang == "" {
		return i18n.English
	}
	return s.editorLang
}

func (s *server) today() string {
	if s.opts.Today != "" {
		return s.opts.Today
	}
	return time.Now().Format(time.DateOnly)
}

// words are the interface's texts in the workspace's language.
func (s *server) words(w *workspace) i18n.Printer {
	return i18n.UI().Printer(s.langOf(w))
}

func (s *server) langOf(w *workspace) i18n.Lang {
	if w != nil && w.linter != nil {
		return w.linter.Lang()
	}
	if s.opts.Lang != "" {
		return s.opts.Lang
	}
	return s.fallbackLang()
}

// tell shows a message in the editor's log.
func (s *server) tell(kind protocol.MessageType, msg string) {
	s.logf("deals lsp: %s", msg)
	s.notify(func() {
		_ = s.client.LogMessage(context.Background(), &protocol.LogMessageParams{Type: kind, Message: msg})
	})
}

// notify sends a notification to the editor from the sending goroutine, in
// the order notify was called: the lock is not held while a slow editor
// reads, and the diagnostics of a later version never arrive first.
func (s *server) notify(send func()) {
	s.outMu.Lock()
	s.out = append(s.out, send)
	s.outMu.Unlock()
	select {
	case s.outWake <- struct{}{}:
	default:
	}
}

// send runs what notify queued until ctx ends.
func (s *server) send(ctx context.Context) {
	for {
		s.outMu.Lock()
		queued := s.out
		s.out = nil
		s.sending = len(queued) > 0
		s.outMu.Unlock()
		for _, f := range queued {
			f()
		}
		s.outMu.Lock()
		s.sending = false
		s.outMu.Unlock()
		if len(queued) > 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-s.outWake:
		}
	}
}

// docOf is an open document, or the error the protocol answers for one the
// editor never opened.
func (s *server) docOf(u uri.URI) (*document, error) {
	d, ok := s.docs[u]
	if !ok {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "deals lsp: %s is not open: open it first (textDocument/didOpen)", u)
	}
	return d, nil
}
