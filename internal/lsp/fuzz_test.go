package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dealsascode/deals/internal/lsptest"
	"go.lsp.dev/uri"
)

// lockedBuffer is the server's log, written from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// inProcess is a server in this process, with a client talking to it
// over pipes, in a repository of the examples' configuration.
type inProcess struct {
	*lsptest.Client
	dir  string
	log  *lockedBuffer
	stop func()
}

func startInProcess(tb testing.TB, dir string) *inProcess {
	tb.Helper()
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	log := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = Serve(ctx, toServer, fromServer, Options{Today: "2026-12-02", Log: log, Version: "test"})
		_ = fromServer.Close()
	}()
	c := lsptest.New(toClient, fromClient)
	if _, err := c.Initialize(string(uri.File(dir)), "en"); err != nil {
		tb.Fatal(err)
	}
	return &inProcess{Client: c, dir: dir, log: log, stop: func() {
		_ = c.Call("shutdown", nil, nil)
		_ = c.Notify("exit", nil)
		<-done
		cancel()
	}}
}

// fuzzRepo is a repository with the examples' configuration and no deals:
// each fuzzed document is one the editor holds.
func fuzzRepo(tb testing.TB) string {
	dir, err := os.MkdirTemp("", "deals-lsp-fuzz")
	if err != nil {
		tb.Fatal(err)
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	// The configuration and the rule packs it includes.
	examples := filepath.Join("..", "..", "examples")
	if err := os.CopyFS(dir, os.DirFS(examples)); err != nil {
		tb.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "deals")); err != nil {
		tb.Fatal(err)
	}
	return dir
}

var (
	fuzzOnce   sync.Once
	fuzzServer *inProcess
	fuzzN      int
)

// FuzzEdits types random edits into a deal and asks for everything the
// server answers at random places: it must answer every request, publish
// diagnostics for the last version, and log no internal error.
func FuzzEdits(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "deals", "*.yaml"))
	for i, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data), []byte{byte(i * 37), 3, 'x', 0, 200, 0, '\n', '-', 17, 40, ':', ' '})
	}
	f.Add("", []byte("key_players:\n  - id: a\n    reports_to: "))
	f.Add("id: x\nstage: [\n", []byte{255, 255, 0xe5, 0x90, 0x8d, 0})
	f.Fuzz(func(t *testing.T, text string, ops []byte) {
		fuzzOnce.Do(func() {
			fuzzServer = startInProcess(t, fuzzRepo(t))
		})
		s := fuzzServer
		logged := len(s.log.String())
		fuzzN++
		u := string(uri.File(filepath.Join(s.dir, "deals", fmt.Sprintf("fuzz-%d.yaml", fuzzN))))
		if err := s.Open(u, text, 1); err != nil {
			t.Fatal(err)
		}
		version := 1
		const alphabet = "-: \n\t[]{},#'\"|>&*!abc0123名😀\r"
		current := text
		for i := 0; i+3 < len(ops); i += 4 {
			runes := []rune(current)
			start := int(ops[i]) * (len(runes) + 1) / 256
			end := min(len(runes), start+int(ops[i+1])%8)
			insert := string([]rune(alphabet)[int(ops[i+2])%len([]rune(alphabet))]) + string([]rune(alphabet)[int(ops[i+3])%len([]rune(alphabet))])
			ps := lsptest.PositionOf(string(runes[:start])+"\x00", "\x00", 0)
			pe := lsptest.PositionOf(string(runes[:end])+"\x00", "\x00", 0)
			current = string(runes[:start]) + insert + string(runes[end:])
			version++
			if err := s.Edit(u, version, lsptest.Range{Start: ps, End: pe}, insert); err != nil {
				t.Fatal(err)
			}
			at := lsptest.At(u, ps.Line, ps.Character)
			for _, m := range []string{"textDocument/hover", "textDocument/completion", "textDocument/definition"} {
				if err := s.Call(m, at, nil); err != nil {
					t.Fatalf("%s after %d edits: %v", m, version-1, err)
				}
			}
			if err := s.Call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u},
				"range": lsptest.Range{Start: ps, End: pe}, "context": map[string]any{"diagnostics": []any{}}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": u}}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Diagnostics(u, version); err != nil {
			t.Fatal(err)
		}
		if err := s.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}}); err != nil {
			t.Fatal(err)
		}
		if log := s.log.String()[logged:]; strings.Contains(log, "internal error") {
			t.Fatalf("the server logged an internal error:\n%s", log)
		}
	})
}
