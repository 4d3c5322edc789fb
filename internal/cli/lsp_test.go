package cli_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/cli"
	"github.com/dealsascode/deals/internal/lsptest"
	"go.lsp.dev/uri"
)

const lspToday = "2026-12-02"

const lspConfig = `currency:
  base: EUR
  rates:
    USD: 0.9
team:
  - id: ana
    name: Ana Lopez
    region: EMEA
  - id: bo
    name: Bo Chen
    manager: ana
`

const lspDeal = `id: acme-erp
title: ERP roll-out
account:
  name: Acme GmbH
  size: large
product:
  name: ERP
  complexity: complex
owner: ana
stage: develop
amount:
  value: 100000
  currency: EUR
close_date: 2027-03-31
key_players:
  - id: cfo
    name: Eva Braun
    title: CFO
    roles: [decision_maker]
    attitude: supporter
  - id: it
    name: Max Roth
    roles: [technical]
    reports_to: cfo
`

const lspOther = `id: other-deal
title: Other
account:
  name: Other AG
  size: small
product:
  name: ERP
  complexity: simple
owner: bo
stage: prospect
`

// lspRepo writes a small deals repository and returns its folder.
func lspRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	for name, text := range map[string]string{"deals.config.yaml": lspConfig, "deals/acme.yaml": lspDeal, "deals/other.yaml": lspOther} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lspServer is deals lsp started as an editor starts it.
type lspServer struct {
	*lsptest.Client
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	done   chan error
}

func startLSP(t *testing.T, dir string, args ...string) *lspServer {
	t.Helper()
	cmd := exec.Command("deals", append([]string{"lsp", "--today", lspToday}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &lspServer{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.Client = lsptest.New(out, in)
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = in.Close()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("deals lsp did not end when its input closed; stderr:\n%s", s.stderr)
		}
		if strings.Contains(s.stderr.String(), "internal error") || strings.Contains(s.stderr.String(), "panic") {
			t.Errorf("deals lsp logged an internal error:\n%s", s.stderr)
		}
	})
	return s
}

// exit ends the session as an editor does, and returns the exit status.
func (s *lspServer) exit(t *testing.T, shutdown bool) int {
	t.Helper()
	if shutdown {
		if err := s.Call("shutdown", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Notify("exit", nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		s.done <- err
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(10 * time.Second):
		t.Fatalf("deals lsp did not exit; stderr:\n%s", s.stderr)
	}
	return -1
}

func fileURI(p string) string { return string(uri.File(p)) }

// lintFindings are what deals lint --format json reports for the files,
// as "line:col rule message".
func lintFindings(t *testing.T, dir string, lang string) []string {
	t.Helper()
	var out, errOut bytes.Buffer
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	t.Setenv("DEALS_CACHE_DIR", t.TempDir())
	cli.Main([]string{"lint", "--format", "json", "--today", lspToday, "--lang", lang, "deals/acme.yaml"}, &out, &errOut)
	var rep struct {
		Findings []struct {
			Line, Column  int
			Rule, Message string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v: %s %s", err, out.String(), errOut.String())
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.Rule, f.Message))
	}
	sort.Strings(got)
	return got
}

func asFindings(diags []lsptest.Diagnostic) []string {
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s %s", d.Range.Start.Line+1, d.Range.Start.Character+1, d.Code, d.Message))
	}
	sort.Strings(got)
	return got
}

func codes(diags []lsptest.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, string(d.Code))
	}
	return out
}

type item struct {
	Label, Detail string
	TextEdit      struct {
		NewText string
		Range   lsptest.Range
	}
}

func labels(items []item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func TestLSPSession(t *testing.T) {
	dir := lspRepo(t)
	s := startLSP(t, dir)
	init, err := s.Initialize(fileURI(dir), "en-US")
	if err != nil {
		t.Fatal(err)
	}
	caps, _ := init["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" || caps["hoverProvider"] != true || caps["definitionProvider"] != true {
		t.Fatalf("capabilities: %v", caps)
	}
	acme := fileURI(filepath.Join(dir, "deals", "acme.yaml"))
	if err := s.Open(acme, lspDeal, 1); err != nil {
		t.Fatal(err)
	}
	diags, err := s.Diagnostics(acme, 1)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("diagnostics are the findings of deals lint", func(t *testing.T) {
		if got, want := asFindings(diags), lintFindings(t, dir, "en"); !slices.Equal(got, want) {
			t.Errorf("diagnostics:\n%s\ndeals lint:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, d := range diags {
			if d.Code == "assess-ability" {
				// at "develop" on line 10, the whole value
				if d.Range != (lsptest.Range{Start: lsptest.Position{Line: 9, Character: 7}, End: lsptest.Position{Line: 9, Character: 14}}) || d.Severity != 1 {
					t.Errorf("assess-ability at %+v severity %d", d.Range, d.Severity)
				}
				if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "docs/rules.md#assess-ability") {
					t.Errorf("assess-ability links to %+v", d.CodeDescription)
				}
			}
		}
	})

	text := strings.Replace(lspDeal, "stage: develop", "stage: develp", 1)
	if err := s.Change(acme, text, 2); err != nil {
		t.Fatal(err)
	}
	diags, err = s.Diagnostics(acme, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a typo is fixed by its code action", func(t *testing.T) {
		var typo *lsptest.Diagnostic
		for i, d := range diags {
			if d.Code == "deal-stage" {
				typo = &diags[i]
			}
		}
		if typo == nil {
			t.Fatalf("no deal-stage finding: %v", diags)
		}
		var actions []struct {
			Title string
			Kind  string
			Edit  struct {
				Changes map[string][]struct {
					Range   lsptest.Range
					NewText string
				}
			}
		}
		if err := s.Call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": acme}, "range": typo.Range,
			"context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
			t.Fatal(err)
		}
		if len(actions) == 0 || actions[0].Title != `Change to "develop"` || actions[0].Kind != "quickfix" {
			t.Fatalf("actions: %+v", actions)
		}
		edit := actions[0].Edit.Changes[acme]
		if len(edit) != 1 || edit[0].NewText != "develop" || edit[0].Range != typo.Range {
			t.Fatalf("edit: %+v", edit)
		}
	})
	if err := s.Change(acme, lspDeal, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Diagnostics(acme, 3); err != nil {
		t.Fatal(err)
	}

	complete := func(t *testing.T, what string, offset int) []item {
		t.Helper()
		p := lsptest.PositionOf(lspDeal, what, offset)
		var list struct{ Items []item }
		if err := s.Call("textDocument/completion", lsptest.At(acme, p.Line, p.Character), &list); err != nil {
			t.Fatal(err)
		}
		return list.Items
	}
	t.Run("completion", func(t *testing.T) {
		for _, c := range []struct {
			what   string
			offset int
			want   []string
		}{
			{"reports_to: cfo", len("reports_to: "), []string{"cfo", "it"}},
			{"owner: ana", len("owner: "), []string{"ana", "bo"}},
			{"stage: develop", len("stage: "), []string{"prospect", "qualify", "develop", "propose", "negotiate", "won", "lost"}},
			{"currency: EUR", len("currency: "), []string{"EUR", "USD"}},
			{"attitude: supporter", len("attitude: "), []string{"champion", "supporter", "neutral", "skeptic", "opponent", "unknown"}},
			{"roles: [technical]", len("roles: ["), []string{"decision_maker", "user", "technical", "influencer", "coach", "insider"}},
		} {
			got := labels(complete(t, c.what, c.offset))
			if !slices.Equal(got, c.want) {
				t.Errorf("at %q: %v, want %v", c.what, got, c.want)
			}
		}
		items := complete(t, "reports_to: cfo", len("reports_to: c"))
		if len(items) == 0 || items[0].TextEdit.NewText != "cfo" || items[0].TextEdit.Range.Start.Character != 16 || items[0].TextEdit.Range.End.Character != 19 {
			t.Errorf("the completion does not replace the id: %+v", items)
		}
		if items[0].Detail != "Eva Braun · CFO · decision_maker" {
			t.Errorf("the player's detail: %q", items[0].Detail)
		}
		keys := labels(complete(t, "    roles: [technical]", len("    ")))
		if slices.Contains(keys, "id") || !slices.Contains(keys, "attitude") || slices.Contains(keys, "reports_to") || slices.Contains(keys, "name") {
			t.Errorf("keys of the second player: %v", keys)
		}
	})

	hover := func(t *testing.T, what string, offset int) string {
		t.Helper()
		p := lsptest.PositionOf(lspDeal, what, offset)
		var h struct{ Contents struct{ Value string } }
		if err := s.Call("textDocument/hover", lsptest.At(acme, p.Line, p.Character), &h); err != nil {
			t.Fatal(err)
		}
		return h.Contents.Value
	}
	t.Run("hover", func(t *testing.T) {
		if h := hover(t, "close_date:", 2); !strings.Contains(h, "signed") {
			t.Errorf("hover on close_date: %q", h)
		}
		if h := hover(t, "stage: develop", len("stage: d")); !strings.Contains(h, "**assess-ability**") || !strings.Contains(h, "Assess") {
			t.Errorf("hover on a finding: %q", h)
		}
		if h := hover(t, "reports_to: cfo", len("reports_to: c")); !strings.Contains(h, "Eva Braun") {
			t.Errorf("hover on a reference: %q", h)
		}
		if h := hover(t, "owner: ana", len("owner: a")); !strings.Contains(h, "Ana Lopez") {
			t.Errorf("hover on the owner: %q", h)
		}
	})

	t.Run("definition", func(t *testing.T) {
		p := lsptest.PositionOf(lspDeal, "reports_to: cfo", len("reports_to: c"))
		var loc struct {
			URI   string
			Range lsptest.Range
		}
		if err := s.Call("textDocument/definition", lsptest.At(acme, p.Line, p.Character), &loc); err != nil {
			t.Fatal(err)
		}
		if loc.URI != acme || loc.Range.Start != (lsptest.Position{Line: 15, Character: 8}) {
			t.Errorf("definition of cfo: %+v", loc)
		}
		p = lsptest.PositionOf(lspDeal, "owner: ana", len("owner: "))
		if err := s.Call("textDocument/definition", lsptest.At(acme, p.Line, p.Character), &loc); err != nil {
			t.Fatal(err)
		}
		if loc.URI != fileURI(filepath.Join(dir, "deals.config.yaml")) || loc.Range.Start.Line != 5 {
			t.Errorf("definition of the owner: %+v", loc)
		}
	})

	t.Run("document symbols", func(t *testing.T) {
		var syms []struct {
			Name     string
			Children []struct{ Name string }
		}
		if err := s.Call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": acme}}, &syms); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, sym := range syms {
			names = append(names, sym.Name)
			if strings.Contains(sym.Name, "Key players") {
				if len(sym.Children) != 2 || sym.Children[0].Name != "Eva Braun (cfo)" || sym.Children[1].Name != "Max Roth (it)" {
					t.Errorf("players: %+v", sym.Children)
				}
			}
		}
		if !slices.Contains(names, "TAS step 3, Key players") || !slices.Contains(names, "stage") {
			t.Errorf("symbols: %v", names)
		}
	})

	t.Run("code actions add a skeleton and a lint.ignore entry", func(t *testing.T) {
		var actions []struct {
			Title string
			Edit  struct {
				Changes map[string][]struct{ NewText string }
			}
		}
		p := lsptest.PositionOf(lspDeal, "key_players:", 0)
		r := lsptest.Range{Start: p, End: lsptest.Position{Line: p.Line, Character: 1}}
		if err := s.Call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": acme}, "range": r,
			"context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
			t.Fatal(err)
		}
		var titles []string
		var ignore, skeleton string
		for _, a := range actions {
			titles = append(titles, a.Title)
			switch a.Title {
			case "Ignore players-coach in this deal, with a reason":
				ignore = a.Edit.Changes[acme][0].NewText
			case "Add the assessment section as deals new writes it (commented: fill it in, then uncomment)":
				skeleton = a.Edit.Changes[acme][0].NewText
			}
		}
		if !strings.Contains(ignore, "lint:\n  ignore:\n    - rule: players-coach\n      reason: \"\"") {
			t.Errorf("ignore entry %q; actions %q", ignore, titles)
		}
		if !strings.Contains(skeleton, "# assessment:\n#   motivation:") || !strings.Contains(skeleton, "# 1. Assess the opportunity") {
			t.Errorf("skeleton %q; actions %q", skeleton, titles)
		}
	})

	t.Run("a duplicate id with a file on disk", func(t *testing.T) {
		copyURI := fileURI(filepath.Join(dir, "deals", "copy.yaml"))
		if err := s.Open(copyURI, strings.Replace(lspOther, "Other AG", "Copy AG", 1), 1); err != nil {
			t.Fatal(err)
		}
		d, err := s.Diagnostics(copyURI, 1)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, x := range d {
			if x.Code == "deal-id-unique" && strings.Contains(x.Message, "deals/other.yaml") && x.Range.Start.Line == 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("no deal-id-unique on the copy: %v", d)
		}
	})

	t.Run("a file never opened is an error, not a crash", func(t *testing.T) {
		err := s.Call("textDocument/hover", lsptest.At(fileURI(filepath.Join(dir, "deals", "other.yaml")), 0, 0), nil)
		var le *lsptest.Error
		if !errors.As(err, &le) || le.Code != -32602 {
			t.Errorf("hover on a file not open: %v", err)
		}
	})

	if code := s.exit(t, true); code != 0 {
		t.Errorf("exit status %d after shutdown; stderr:\n%s", code, s.stderr)
	}
}

func TestLSPBadInput(t *testing.T) {
	dir := lspRepo(t)
	s := startLSP(t, dir)
	if _, err := s.Initialize(fileURI(dir), ""); err != nil {
		t.Fatal(err)
	}
	acme := fileURI(filepath.Join(dir, "deals", "acme.yaml"))
	alive := func(t *testing.T) {
		t.Helper()
		if err := s.Call("textDocument/hover", lsptest.At(acme, 0, 0), nil); err != nil {
			t.Fatalf("the server does not answer: %v; stderr:\n%s", err, s.stderr)
		}
	}
	if err := s.Open(acme, lspDeal, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Diagnostics(acme, 1); err != nil {
		t.Fatal(err)
	}

	t.Run("broken frames and params", func(t *testing.T) {
		for _, body := range []string{
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":` + "\"" + acme + "\"" + `,"version":"x"}}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nowhere.yaml","version":2},"contentChanges":[{"text":"x"}]}}`,
			`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":[]}`,
			`{"jsonrpc":"2.0","id":99,"method":"textDocument/completion","params":{"textDocument":{}}}`,
			`{"jsonrpc":"2.0","id":100,"method":"no/such/method"}`,
			`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}`,
		} {
			if err := s.Raw([]byte(body)); err != nil {
				t.Fatal(err)
			}
			alive(t)
		}
	})

	t.Run("not UTF-8", func(t *testing.T) {
		body := []byte(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"` + acme + `","version":5},"contentChanges":[{"text":"id: \xff\xfe bad\nstage: \ud800\n"}]}}`)
		if err := s.Raw(body); err != nil {
			t.Fatal(err)
		}
		alive(t)
		if err := s.Change(acme, "id: caf\u00e9\x00\nstage: prospect\n", 6); err != nil {
			t.Fatal(err)
		}
		d, err := s.Diagnostics(acme, 6)
		if err != nil || len(d) == 0 || d[0].Code != "parse" {
			t.Errorf("a NUL in the text: %v %v", d, err)
		}
	})

	t.Run("too large", func(t *testing.T) {
		big := "id: big\nnotes: |\n" + strings.Repeat("  "+strings.Repeat("x", 70)+"\n", 16000)
		if err := s.Change(acme, big, 7); err != nil {
			t.Fatal(err)
		}
		d, err := s.Diagnostics(acme, 7)
		if err != nil || len(d) != 1 || !strings.Contains(d[0].Message, "1024 KiB") {
			t.Errorf("a file over the limit: %v %v", d, err)
		}
		alive(t)
	})

	t.Run("a configuration that does not parse", func(t *testing.T) {
		cfgURI := fileURI(filepath.Join(dir, "deals.config.yaml"))
		if err := s.Open(cfgURI, lspConfig+"stages: [\n", 1); err != nil {
			t.Fatal(err)
		}
		p, err := s.WaitPublished(cfgURI, func(p lsptest.Published) bool { return len(p.Diagnostics) > 0 })
		if err != nil {
			t.Fatal(err)
		}
		if p.Diagnostics[0].Range.Start.Line < 11 {
			t.Errorf("the configuration's problem is at %+v: %v", p.Diagnostics[0].Range, p.Diagnostics)
		}
		if err := s.Change(acme, lspDeal, 8); err != nil {
			t.Fatal(err)
		}
		// The deal is still coached by the last configuration that parsed.
		d, err := s.Diagnostics(acme, 8)
		if err != nil || !slices.Contains(codes(d), "assess-ability") {
			t.Errorf("a deal while the configuration is broken: %v %v", d, err)
		}
		if err := s.Change(cfgURI, strings.Replace(lspConfig, "id: bo", "id: bea", 1), 2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WaitPublished(cfgURI, func(p lsptest.Published) bool { return len(p.Diagnostics) == 0 }); err != nil {
			t.Fatal(err)
		}
		// The team the editor holds, not the file's: bo is gone.
		other := fileURI(filepath.Join(dir, "deals", "other.yaml"))
		if err := s.Open(other, lspOther, 1); err != nil {
			t.Fatal(err)
		}
		d, err = s.Diagnostics(other, 1)
		if err != nil || !slices.Contains(codes(d), "deal-owner") {
			t.Errorf("an owner not in the team as edited: %v %v", d, err)
		}
	})

	t.Run("a folder that is no deals repository", func(t *testing.T) {
		elsewhere := t.TempDir()
		u := fileURI(filepath.Join(elsewhere, "k8s.yaml"))
		if err := s.Open(u, "apiVersion: v1\nkind: Pod\n", 1); err != nil {
			t.Fatal(err)
		}
		alive(t)
		if err := s.Call("textDocument/hover", lsptest.At(u, 0, 0), nil); err != nil {
			t.Error(err)
		}
		if _, ok := s.Published(u); ok {
			t.Errorf("diagnostics for a YAML file outside a deals repository")
		}
	})

	if code := s.exit(t, false); code != 1 {
		t.Errorf("exit without shutdown: status %d, want 1", code)
	}
}

// TestLSPEveryPrefix types each example deal line by line, and the
// smallest one character by character: every text the server sees gets
// diagnostics, and the whole file ends with what deals lint finds.
func TestLSPEveryPrefix(t *testing.T) {
	if testing.Short() {
		t.Skip("types every example deal")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	s := startLSP(t, dir)
	if _, err := s.Initialize(fileURI(dir), "en"); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "deals", "*.yaml"))
	smallest := ""
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		u := fileURI(f)
		if err := s.Open(u, "", 1); err != nil {
			t.Fatal(err)
		}
		version := 1
		lines := strings.SplitAfter(text, "\n")
		typed := ""
		for _, line := range lines {
			for _, part := range []string{line[:len(line)/2], line[len(line)/2:]} {
				typed += part
				version++
				if err := s.Change(u, typed, version); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Diagnostics(u, version); err != nil {
					t.Fatalf("%s, %d bytes typed: %v\nstderr:\n%s", f, len(typed), err, s.stderr)
				}
			}
		}
		d, err := s.Diagnostics(u, version)
		if err != nil {
			t.Fatal(err)
		}
		if len(d) != 0 {
			t.Errorf("%s typed in full: %v (deals lint finds nothing)", f, d)
		}
		if smallest == "" || len(text) < len(smallest) {
			smallest = text
		}
		if err := s.Notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": u}}); err != nil {
			t.Fatal(err)
		}
	}
	u := fileURI(filepath.Join(dir, "deals", "typed-by-hand.yaml"))
	if err := s.Open(u, "", 1); err != nil {
		t.Fatal(err)
	}
	for i := range len(smallest) {
		p := lsptest.PositionOf(smallest[:i]+"\x00", "\x00", 0)
		if err := s.Edit(u, i+2, lsptest.Range{Start: p, End: p}, smallest[i:i+1]); err != nil {
			t.Fatal(err)
		}
		if i%97 == 0 {
			var list struct{ Items []item }
			if err := s.Call("textDocument/completion", lsptest.At(u, p.Line, p.Character+1), &list); err != nil {
				t.Fatalf("completion after %d bytes: %v", i, err)
			}
		}
	}
	if _, err := s.Diagnostics(u, len(smallest)+1); err != nil {
		t.Fatal(err)
	}
	if code := s.exit(t, true); code != 0 {
		t.Errorf("exit status %d", code)
	}
}

// TestLSPInChinese: the editor's locale speaks when the configuration
// names no language, and --lang over both; findings, hover, completion and
// code actions are all in it.
func TestLSPInChinese(t *testing.T) {
	dir := lspRepo(t)
	for _, c := range []struct {
		name, locale string
		args         []string
	}{{"the editor's locale", "zh-CN", nil}, {"--lang", "en-US", []string{"--lang", "zh"}}} {
		t.Run(c.name, func(t *testing.T) {
			s := startLSP(t, dir, c.args...)
			if _, err := s.Initialize(fileURI(dir), c.locale); err != nil {
				t.Fatal(err)
			}
			acme := fileURI(filepath.Join(dir, "deals", "acme.yaml"))
			text := strings.Replace(lspDeal, "stage: develop", "stage: develp", 1)
			if err := s.Open(acme, lspDeal, 1); err != nil {
				t.Fatal(err)
			}
			diags, err := s.Diagnostics(acme, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := asFindings(diags), lintFindings(t, dir, "zh"); !slices.Equal(got, want) {
				t.Errorf("diagnostics:\n%s\ndeals lint --lang zh:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, d := range diags {
				if d.Code == "assess-ability" && (d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "docs/rules.zh.md#assess-ability")) {
					t.Errorf("the Chinese reference: %+v", d.CodeDescription)
				}
			}
			p := lsptest.PositionOf(lspDeal, "close_date:", 2)
			var h struct{ Contents struct{ Value string } }
			if err := s.Call("textDocument/hover", lsptest.At(acme, p.Line, p.Character), &h); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(h.Contents.Value, "签") {
				t.Errorf("hover on close_date: %q", h.Contents.Value)
			}
			p = lsptest.PositionOf(lspDeal, "attitude: supporter", len("attitude: "))
			var list struct{ Items []item }
			if err := s.Call("textDocument/completion", lsptest.At(acme, p.Line, p.Character), &list); err != nil {
				t.Fatal(err)
			}
			if len(list.Items) == 0 || !strings.ContainsFunc(list.Items[0].Detail, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Errorf("the attitudes' meanings: %+v", list.Items)
			}
			if err := s.Change(acme, text, 2); err != nil {
				t.Fatal(err)
			}
			diags, err = s.Diagnostics(acme, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				if d.Code != "deal-stage" {
					continue
				}
				var actions []struct{ Title string }
				if err := s.Call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": acme}, "range": d.Range,
					"context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
					t.Fatal(err)
				}
				if len(actions) == 0 || !strings.HasPrefix(actions[0].Title, "改为") {
					t.Errorf("actions: %+v", actions)
				}
			}
			if code := s.exit(t, true); code != 0 {
				t.Errorf("exit status %d", code)
			}
		})
	}
}

// TestLSPFilesChangedOnDisk: a deal changed or deleted outside the editor
// (a pull) changes what the open deals are compared with.
func TestLSPFilesChangedOnDisk(t *testing.T) {
	dir := lspRepo(t)
	s := startLSP(t, dir)
	if _, err := s.Initialize(fileURI(dir), "en"); err != nil {
		t.Fatal(err)
	}
	acme := fileURI(filepath.Join(dir, "deals", "acme.yaml"))
	if err := s.Open(acme, lspDeal, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Diagnostics(acme, 1); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "deals", "other.yaml")
	if err := os.WriteFile(other, []byte(strings.Replace(lspOther, "id: other-deal", "id: acme-erp", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := func(kind int) {
		if err := s.Notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": fileURI(other), "type": kind}}}); err != nil {
			t.Fatal(err)
		}
	}
	changed(2)
	if _, err := s.WaitPublished(acme, func(p lsptest.Published) bool { return slices.Contains(codes(p.Diagnostics), "deal-id-unique") }); err != nil {
		t.Errorf("the id taken on disk: %v", err)
	}
	if err := os.Remove(other); err != nil {
		t.Fatal(err)
	}
	changed(3)
	if _, err := s.WaitPublished(acme, func(p lsptest.Published) bool { return !slices.Contains(codes(p.Diagnostics), "deal-id-unique") }); err != nil {
		t.Errorf("the file deleted: %v", err)
	}
	if code := s.exit(t, true); code != 0 {
		t.Errorf("exit status %d", code)
	}
}
