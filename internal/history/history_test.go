package history_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/history"
)

func dealYAML(id, stage string, amount int, close string) string {
	return fmt.Sprintf("id: %s\ntitle: Deal %s\nstage: %s\namount:\n  value: %d\n  currency: EUR\nclose_date: %s\n", id, id, stage, amount, close)
}

func TestLog(t *testing.T) {
	r := gittest.New(t, "2026-01-01")
	r.Write("deals/acme.yaml", dealYAML("acme", "prospect", 1000, "2027-03-31"))
	r.Commit("Li", "li@example.com", "new deal") // day 1
	r.Write("deals/acme.yaml", dealYAML("acme", "qualify", 1000, "2027-03-31"))
	r.Write("deals/beta.yaml", dealYAML("beta", "develop", 500, "2027-01-31"))
	r.Commit("Li", "li@example.com", "qualified acme, new beta") // day 2
	r.Write("deals/acme.yaml", dealYAML("acme", "develop", 1500, "2027-05-15"))
	r.Commit("Wang", "wang@example.com", "acme grows and slips") // day 3
	r.Write("deals/acme.yaml", "id: acme\ntitle: [broken\n")
	r.Commit("Wang", "wang@example.com", "oops") // day 4
	r.Write("deals/acme.yaml", dealYAML("acme", "propose", 1500, "2027-06-30"))
	r.Commit("Wang", "wang@example.com", "fixed, slipped again") // day 5
	os.MkdirAll(filepath.Join(r.Dir, "deals", "emea"), 0o755)
	r.Git("mv", "deals/acme.yaml", "deals/emea/acme.yaml")
	r.Commit("Li", "li@example.com", "move to emea") // day 6
	r.Git("rm", "-q", "deals/beta.yaml")
	r.Commit("Li", "li@example.com", "beta gone") // day 7
	r.Write("deals/beta.yaml", dealYAML("beta", "develop", 600, "2027-02-28"))
	r.Commit("Li", "li@example.com", "beta is back") // day 8
	r.Write("README.md", "not a deal")
	r.Commit("Li", "li@example.com", "docs") // day 9

	repo, err := history.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	lg, err := repo.Log([]string{filepath.Join(r.Dir, "deals")}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if lg.Commits != 8 {
		t.Errorf("commits = %d, want 8 (the README commit does not touch deals)", lg.Commits)
	}
	acme := lg.Deals["acme"]
	if acme == nil {
		t.Fatal("no timeline for acme")
	}
	var kinds []string
	for _, e := range acme.Events {
		kinds = append(kinds, e.Kind+":"+e.From+">"+e.To+"@"+e.Date+"/"+e.Author)
	}
	want := []string{
		"created:>prospect@2026-01-01/Li",
		"stage:prospect>qualify@2026-01-02/Li",
		"stage:qualify>develop@2026-01-03/Wang",
		"amount:1,000 EUR>1,500 EUR@2026-01-03/Wang",
		"close:2027-03-31>2027-05-15@2026-01-03/Wang",
		"stage:develop>propose@2026-01-05/Wang",
		"close:2027-05-15>2027-06-30@2026-01-05/Wang",
		"renamed:deals/acme.yaml>deals/emea/acme.yaml@2026-01-06/Li",
	}
	if got := strings.Join(kinds, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("acme events:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if acme.Path != "deals/emea/acme.yaml" {
		t.Errorf("acme path = %s (renames not followed)", acme.Path)
	}
	end := int64(1798761600) // 2027-01-01
	if n := acme.Slips(end); n != 2 {
		t.Errorf("acme slipped %d times, want 2", n)
	}
	since, ok := acme.StageSince(end)
	if !ok || since != 1767614400 { // 2026-01-05 12:00 UTC
		t.Errorf("acme in its stage since %d (%v)", since, ok)
	}
	if s, ok := acme.At(1767355200 + 3600); !ok || s.Stage != "qualify" { // day 2, 13:00
		t.Errorf("acme on day 2 = %+v", s)
	}
	if len(lg.Notes) != 1 || !strings.Contains(lg.Notes[0], "deals/acme.yaml at commit") || !strings.Contains(lg.Notes[0], "not valid YAML") {
		t.Errorf("notes = %v", lg.Notes)
	}
	beta := lg.Deals["beta"]
	var betaKinds []string
	for _, e := range beta.Events {
		betaKinds = append(betaKinds, e.Kind)
	}
	if strings.Join(betaKinds, ",") != "created,deleted,readded,amount,close" {
		t.Errorf("beta events = %v", betaKinds)
	}
	if s, _ := beta.At(1767787200 + 60); !s.Deleted { // day 7 12:01
		t.Errorf("beta on day 7 = %+v, want deleted", s)
	}

	t.Run("until a commit", func(t *testing.T) {
		rev := strings.TrimSpace(r.Git("rev-list", "-1", "--before=2026-01-03T23:00:00Z", "HEAD"))
		lg, err := repo.Log([]string{filepath.Join(r.Dir, "deals")}, rev, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(lg.Deals["acme"].Events); n != 5 {
			t.Errorf("acme has %d events up to day 3, want 5", n)
		}
	})
}

func TestChanges(t *testing.T) {
	r := gittest.New(t, "2026-01-01")
	r.Write("deals/a.yaml", dealYAML("a", "prospect", 1, "2027-01-01"))
	r.Write("deals/b.yaml", dealYAML("b", "prospect", 1, "2027-01-01"))
	r.Write("deals/c.yaml", dealYAML("c", "prospect", 1, "2027-01-01"))
	r.Commit("Li", "li@example.com", "start")
	base := strings.TrimSpace(r.Git("rev-parse", "HEAD"))
	r.Write("deals/a.yaml", dealYAML("a", "qualify", 1, "2027-01-01"))
	r.Git("rm", "-q", "deals/b.yaml")
	r.Git("mv", "deals/c.yaml", "deals/c2.yaml")
	r.Commit("Li", "li@example.com", "changes")
	r.Write("deals/new.yaml", dealYAML("n", "prospect", 1, "2027-01-01"))
	r.Write("notes.txt", "x")

	repo, _ := history.Open(filepath.Join(r.Dir, "deals"))
	deals := filepath.Join(r.Dir, "deals")
	got := func(head string) string {
		cs, err := repo.Changes(base, head, []string{deals})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			s := string(c.Status) + " " + c.Path
			if c.OldPath != "" {
				s += " <- " + c.OldPath
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	}
	if g := got("HEAD"); g != "M deals/a.yaml, D deals/b.yaml, R deals/c2.yaml <- deals/c.yaml" {
		t.Errorf("base..HEAD = %s", g)
	}
	if g := got(""); g != "M deals/a.yaml, D deals/b.yaml, R deals/c2.yaml <- deals/c.yaml, A deals/new.yaml" {
		t.Errorf("base..work tree = %s", g)
	}
	files, err := repo.Files(base, []string{deals})
	if err != nil || strings.Join(files, ",") != "deals/a.yaml,deals/b.yaml,deals/c.yaml" {
		t.Errorf("files at base = %v, %v", files, err)
	}
	data, err := repo.ReadAt(base, files)
	if err != nil || !strings.Contains(string(data["deals/a.yaml"]), "stage: prospect") {
		t.Errorf("ReadAt = %v, %v", data, err)
	}
	if _, err := repo.Resolve("no-such-branch"); !errors.As(err, new(*history.RevError)) {
		t.Errorf("unknown rev: %v", err)
	}
	if _, err := repo.Resolve("--output=x"); err == nil {
		t.Error("an option accepted as a revision")
	}
	if b, err := repo.DefaultBase(); err != nil || b != strings.TrimSpace(r.Git("rev-parse", "HEAD")) {
		t.Errorf("on main the default base is HEAD: %s %v", b, err)
	}
	r.Git("checkout", "-q", "-b", "feature")
	r.Write("deals/a.yaml", dealYAML("a", "develop", 1, "2027-01-01"))
	r.Commit("Li", "li@example.com", "feature work")
	if b, _ := repo.DefaultBase(); b == strings.TrimSpace(r.Git("rev-parse", "HEAD")) || b != strings.TrimSpace(r.Git("rev-parse", "main")) {
		t.Errorf("on a branch the default base is where it left main, got %s", b)
	}
	r.Git("checkout", "-q", "--detach", "HEAD")
	if _, err := repo.DefaultBase(); err != nil {
		t.Errorf("detached HEAD: %v", err)
	}
}

func TestNoHistory(t *testing.T) {
	t.Run("not a repository", func(t *testing.T) {
		if _, err := history.Open(t.TempDir()); !errors.Is(err, history.ErrNoRepository) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("no commits", func(t *testing.T) {
		r := gittest.New(t, "2026-01-01")
		repo, err := history.Open(r.Dir)
		if err != nil {
			t.Fatal(err)
		}
		if repo.HasCommits() {
			t.Error("an empty repository has commits")
		}
		lg, err := repo.Log([]string{r.Dir}, "", nil)
		if err != nil || len(lg.Deals) != 0 {
			t.Errorf("log of an empty repository: %v %v", lg, err)
		}
	})
	t.Run("shallow clone", func(t *testing.T) {
		r := gittest.New(t, "2026-01-01")
		for i := 0; i < 3; i++ {
			r.Write("deals/a.yaml", dealYAML("a", "prospect", i, "2027-01-01"))
			r.Commit("Li", "li@example.com", "c")
		}
		clone := filepath.Join(t.TempDir(), "clone")
		cmd := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.Dir, clone)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v %s", err, out)
		}
		repo, _ := history.Open(clone)
		if !repo.Shallow() {
			t.Error("a depth-1 clone is not reported shallow")
		}
	})
	t.Run("links, the configuration and workflows are not deals", func(t *testing.T) {
		r := gittest.New(t, "2026-01-01")
		r.Write("deals/a.yaml", dealYAML("a", "prospect", 1, "2027-01-01"))
		if err := os.Symlink("a.yaml", filepath.Join(r.Dir, "deals", "b.yaml")); err != nil {
			t.Fatal(err)
		}
		r.Write("deals.config.yaml", "review_max_age_days: 14\n")
		r.Write(".github/workflows/deals.yml", "on: push\n")
		r.Commit("Li", "li@example.com", "c")
		repo, _ := history.Open(r.Dir)
		isDeal := func(p string) bool { return !strings.HasPrefix(p, ".") && p != "deals.config.yaml" }
		lg, err := repo.Log([]string{r.Dir}, "", isDeal)
		if err != nil {
			t.Fatal(err)
		}
		if len(lg.Deals) != 1 || lg.Deals["a"] == nil || len(lg.Notes) != 0 {
			t.Errorf("deals %v, notes %q: want only a, and no note about the link", keys(lg.Deals), lg.Notes)
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
