package deal_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
)

func TestParseFull(t *testing.T) {
	data, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, problems := deal.Parse("full.yaml", data)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", d.ID.Value, "acme-erp"},
		{"id position", d.ID.Pos, source.Pos{Line: 2, Col: 5}},
		{"account size", d.Account.Size.Value, "large"},
		{"account position", d.Account.At, source.Pos{Line: 4, Col: 1}},
		{"amount with underscores", d.Amount.Value, 1200000.0},
		{"currency", d.Amount.Currency.Value, "EUR"},
		{"unquoted date", d.CloseDate.Value, "2027-03-31"},
		{"tags", d.Tags.Len(), 2},
		{"motivation", d.Assessment.Motivation.Level.Value, "high"},
		{"pain players", d.Assessment.Pains.Items[0].KeyPlayers.Items[0].Value, "cfo"},
		{"risk mitigation", d.Assessment.Risks.Items[0].Mitigation.Value, "Phase 1 fits the current budget"},
		{"competitors", d.Competition.Competitors.Len(), 2},
		{"no decision", d.Competition.Competitors.Items[1].Type.Value, "no_decision"},
		{"strategies", d.Competition.Strategies.Items[1].Value, "relationship"},
		{"CJK name", d.KeyPlayers.Items[0].Name.Value, "王芳"},
		{"key player position", d.KeyPlayers.Items[0].At, source.Pos{Line: 48, Col: 5}},
		{"has role", d.KeyPlayers.Items[0].HasRole("decision_maker"), true},
		{"reports to", d.KeyPlayers.Items[0].ReportsTo.Value, "ceo"},
		{"coverage", d.Relationships.Coverage.Items[0].Target.Value, "trusted"},
		{"segment", d.Relationships.Segment.ProductLine.Value, "established"},
		{"actions", d.Plan.Actions.Len(), 2},
		{"open action", d.Plan.Actions.Items[0].Open(), true},
		{"done action", d.Plan.Actions.Items[1].Open(), false},
		{"review", d.Reviews.Items[0].Reviewer.Value, "zhao-min"},
		{"next step", d.Close.NextStep.AgreedWith.Items[0].Value, "cfo"},
		{"milestone done", d.Close.Plan.Items[0].Done, false},
		{"handoff", d.Close.Outcome.Handoff.To.Value, "Customer success"},
		{"notes", d.Notes.Value, "**Important** account."},
		{"ignore", d.Ignore.Items[0].Rule.Value, "players-coach"},
		{"lookup", func() bool { _, ok := d.KeyPlayer("ceo"); return ok }(), true},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %#v, want %#v", c.got, c.want)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		decoded  bool
		wantErr  error
		contains string
	}{
		{"too large", append([]byte("id: x\nnotes: |\n"), []byte(strings.Repeat("  filler text\n", deal.MaxFileSize/14+1))...), false, deal.ErrTooLarge, "limited to"},
		{"syntax", []byte("id: [\n"), false, source.ErrSyntax, "invalid YAML"},
		{"duplicate key still decodes", []byte("id: a\nid: b\n"), true, source.ErrSyntax, "duplicate key"},
		{"schema problem still decodes", []byte("id: a\n"), true, source.ErrSchema, "missing the required field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, problems := deal.Parse("x.yaml", tt.data)
			if (d != nil) != tt.decoded {
				t.Errorf("decoded = %v, want %v", d != nil, tt.decoded)
			}
			if len(problems) == 0 {
				t.Fatal("no problems")
			}
			if !errors.Is(problems[0], tt.wantErr) {
				t.Errorf("problem %v does not wrap %v", problems[0], tt.wantErr)
			}
			if !strings.Contains(problems[0].Msg, tt.contains) {
				t.Errorf("problem %q does not contain %q", problems[0].Msg, tt.contains)
			}
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{
		"deals/a.yaml", "deals/sub/b.yml", "deals/.hidden.yaml", "deals/notes.txt",
		".github/workflows/ci.yml", "node_modules/x/y.yaml", "vendor/z.yaml",
		"deals.config.yaml", "_site/index.yaml", "_site/.deals-site", "ci/pipeline.yaml", "other/UPPER.YAML",
	} {
		write(t, filepath.Join(dir, f), "id: x\n")
	}
	if err := os.Symlink(filepath.Join(dir, "deals/a.yaml"), filepath.Join(dir, "deals/link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "deals/sub"), filepath.Join(dir, "deals/linkdir")); err != nil {
		t.Fatal(err)
	}
	files, errs := deal.Find([]string{dir}, dir, []string{"ci/*.yaml"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var rel []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	want := "deals/a.yaml deals/link.yaml deals/sub/b.yml other/UPPER.YAML"
	if got := strings.Join(rel, " "); got != want {
		t.Errorf("Find = %s\nwant   %s", got, want)
	}

	t.Run("explicit file is always included", func(t *testing.T) {
		files, errs := deal.Find([]string{filepath.Join(dir, "deals/notes.txt"), filepath.Join(dir, "deals/notes.txt")}, dir, nil)
		if len(errs) > 0 || len(files) != 1 {
			t.Errorf("files = %v, errs = %v", files, errs)
		}
	})
	t.Run("missing path", func(t *testing.T) {
		_, errs := deal.Find([]string{filepath.Join(dir, "nope")}, dir, nil)
		var se *source.Error
		if len(errs) != 1 || !errors.As(errs[0], &se) || !strings.Contains(se.Msg, "no such file") {
			t.Errorf("errs = %v", errs)
		}
	})
	t.Run("symlink loop and dangling link are reported, the rest still found", func(t *testing.T) {
		loopDir := t.TempDir()
		write(t, filepath.Join(loopDir, "good.yaml"), "id: x\n")
		os.Symlink(filepath.Join(loopDir, "b.yaml"), filepath.Join(loopDir, "a.yaml"))
		os.Symlink(filepath.Join(loopDir, "a.yaml"), filepath.Join(loopDir, "b.yaml"))
		os.Symlink(filepath.Join(loopDir, "gone"), filepath.Join(loopDir, "dangling.yaml"))
		files, errs := deal.Find([]string{loopDir}, loopDir, nil)
		if len(files) != 1 || !strings.HasSuffix(files[0], "good.yaml") {
			t.Errorf("files = %v", files)
		}
		if len(errs) != 3 {
			t.Errorf("want 3 errors (two loop links, one dangling), got %v", errs)
		}
		for _, e := range errs {
			if !strings.Contains(e.Error(), "cannot read") {
				t.Errorf("error %q does not say cannot read", e)
			}
		}
	})
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	t.Run("a folder named like a deal", func(t *testing.T) {
		p := filepath.Join(dir, "folder.yaml")
		os.Mkdir(p, 0o755)
		r := deal.Load(p)
		var se *source.Error
		if !errors.As(r.Err, &se) || !strings.Contains(se.Error(), "cannot read") {
			t.Errorf("Err = %v", r.Err)
		}
	})
	t.Run("no permission", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads every file")
		}
		p := filepath.Join(dir, "secret.yaml")
		write(t, p, "id: x\n")
		os.Chmod(p, 0)
		r := deal.Load(p)
		if r.Err == nil || !strings.Contains(r.Err.Error(), "permission denied") {
			t.Errorf("Err = %v", r.Err)
		}
	})
}

func TestEach(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]int, n)
		deal.Each(n, func(i int) { seen[i]++ })
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, c)
			}
		}
	}
}

func TestReadID(t *testing.T) {
	tests := []struct {
		name, src string
		id        string
		line, col int
	}{
		{"plain", "# modeline\nid: acme-erp\ntitle: x\n", "acme-erp", 2, 5},
		{"quoted", "id: 'acme'\n", "acme", 1, 5},
		{"double quoted with comment", "id: \"acme\" # the id\n", "acme", 1, 5},
		{"extra spaces", "id:    acme\n", "acme", 1, 8},
		{"byte-order mark and CRLF", "\ufeffid: acme\r\ntitle: x\r\n", "acme", 1, 5},
		{"nested id is not the deal's", "key_players:\n  - id: cfo\nid: deal\n", "deal", 3, 5},
		{"flow style falls back to the parser", "{id: acme, title: x}\n", "acme", 1, 6},
		{"unusual id falls back to the parser", "id: ACME\n", "ACME", 1, 5},
		{"no id", "title: x\n", "", 0, 0},
		{"broken file", "id: [\n", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "d.yaml")
			os.WriteFile(p, []byte(tt.src), 0o644)
			got, err := deal.ReadID(p)
			if err != nil {
				t.Fatal(err)
			}
			if got.Value != tt.id || got.Pos.Line != tt.line || got.Pos.Col != tt.col {
				t.Errorf("ReadID = %q at %d:%d, want %q at %d:%d", got.Value, got.Pos.Line, got.Pos.Col, tt.id, tt.line, tt.col)
			}
			// Whatever the quick read says, the parser agrees.
			if d, _ := deal.Parse(p, []byte(tt.src)); d != nil && (d.ID.Value != got.Value || d.ID.Pos != got.Pos) {
				t.Errorf("the parser reads id %q at %v", d.ID.Value, d.ID.Pos)
			}
		})
	}
}
