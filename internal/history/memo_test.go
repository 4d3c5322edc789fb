package history

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/repo"
)

// memoHistory is a history with renames, deletions, a broken version, an
// id that changes, commits that touch no deal and a merged branch.
func memoHistory(t *testing.T) (*gittest.Repo, *Repo) {
	t.Helper()
	g := gittest.New(t, "2026-01-01")
	deal := func(id, stage string, n int) string {
		return fmt.Sprintf("id: %s\ntitle: Deal %s\nstage: %s\namount:\n  value: %d\n  currency: EUR\nclose_date: 2027-0%d-28\n", id, id, stage, n*100, 1+n%9)
	}
	for i := range 24 {
		switch {
		case i == 5:
			g.Git("mv", "deals/d1.yaml", "deals/one.yaml")
		case i == 9:
			g.Git("rm", "-q", "deals/d2.yaml")
		case i == 11:
			g.Write("deals/d0.yaml", "id: d0\ntitle: [broken\n")
		case i == 13:
			g.Write("deals/d3.yaml", deal("d3-renamed", "qualify", i))
		case i%6 == 4:
			g.Write("README.md", fmt.Sprintf("notes %d\n", i))
		case i == 16:
			g.Git("checkout", "-q", "-b", "side")
			g.Write("deals/side.yaml", deal("side", "develop", i))
			g.Commit("Ben", "ben@example.com", "on a branch")
			g.Git("checkout", "-q", "main")
			g.Write("deals/d0.yaml", deal("d0", "propose", i))
			g.Commit("Ana", "ana@example.com", "meanwhile")
			g.Git("-c", "user.name=Ana", "-c", "user.email=ana@example.com", "merge", "-q", "--no-ff", "-m", "merge side", "side")
			continue
		default:
			g.Write(fmt.Sprintf("deals/d%d.yaml", i%4), deal(fmt.Sprintf("d%d", i%4), []string{"prospect", "qualify", "develop"}[i%3], i))
		}
		g.Commit("Li", "li@example.com", fmt.Sprintf("c%d", i))
	}
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return g, r
}

// memoRead reads the history to until with a memo that went through
// MarshalBinary, and returns the log and the contents it handed to Each.
func memoRead(t *testing.T, r *Repo, until string, kept *Memo, known func(string, int64) bool) (*Log, map[string]bool) {
	t.Helper()
	var memo *Memo
	if kept != nil {
		data, err := kept.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		memo = &Memo{}
		if err := memo.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	read := map[string]bool{}
	isDeal := func(p string) bool { return strings.HasPrefix(p, "deals/") }
	lg, err := r.LogWith(Reading{Until: until, IsDeal: isDeal, Memo: memo, Known: known, Each: func(blob string, _ int64, _ *repo.Loaded) *Header {
		mu.Lock()
		read[blob] = true
		mu.Unlock()
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if memo != nil {
		data, err := memo.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := kept.UnmarshalBinary(data); err != nil {
			t.Fatal(err)
		}
	}
	return lg, read
}

// TestLogWithMemo: a reading that starts from the memo of an earlier one
// gives the log of a reading from scratch, whatever commit the earlier one
// read to, and reads only the contents named since; a memo of a mainline
// that no longer leads to the commit asked for is not used.
func TestLogWithMemo(t *testing.T) {
	g, r := memoHistory(t)
	always := func(string, int64) bool { return true }
	commits := strings.Fields(g.Git("rev-list", "--first-parent", "--reverse", "HEAD"))
	fresh, all := memoRead(t, r, "", nil, nil)
	for k, cut := range commits {
		memo := &Memo{}
		memoRead(t, r, cut, memo, always)
		lg, read := memoRead(t, r, "", memo, always)
		if !reflect.DeepEqual(lg, fresh) {
			t.Fatalf("from the memo of commit %d of %d: the log differs from one read from scratch", k+1, len(commits))
		}
		earlier, _ := memoRead(t, r, cut, nil, nil)
		for blob := range read {
			for _, tl := range earlier.Deals {
				for _, s := range tl.States {
					if s.Blob == blob {
						t.Fatalf("from the memo of commit %d: %s, read before, was read again", k+1, blob)
					}
				}
			}
		}
		// Read again at HEAD: nothing is read, the log is the same.
		if lg, read := memoRead(t, r, "", memo, always); !reflect.DeepEqual(lg, fresh) || len(read) != 0 {
			t.Fatalf("again at HEAD from its own memo: same log %v, %d contents read", reflect.DeepEqual(lg, fresh), len(read))
		}
	}
	t.Run("contents the caller does not know are read", func(t *testing.T) {
		memo := &Memo{}
		memoRead(t, r, "", memo, always)
		lg, read := memoRead(t, r, "", memo, func(string, int64) bool { return false })
		if !reflect.DeepEqual(lg, fresh) || !reflect.DeepEqual(read, all) {
			t.Errorf("with nothing known: %d contents read, want %d", len(read), len(all))
		}
	})
	t.Run("an older commit", func(t *testing.T) {
		memo := &Memo{}
		memoRead(t, r, "", memo, always)
		want, _ := memoRead(t, r, "HEAD~3", nil, nil)
		if lg, _ := memoRead(t, r, "HEAD~3", memo, always); !reflect.DeepEqual(lg, want) {
			t.Error("the memo of HEAD was used for HEAD~3")
		}
	})
	t.Run("a rewritten mainline", func(t *testing.T) {
		memo := &Memo{}
		memoRead(t, r, "", memo, always)
		g.Git("reset", "-q", "--hard", "HEAD~2")
		g.Write("deals/d1.yaml", "id: d1\ntitle: Deal d1\nstage: negotiate\n")
		g.Commit("Li", "li@example.com", "rewritten")
		want, _ := memoRead(t, r, "", nil, nil)
		if lg, _ := memoRead(t, r, "", memo, always); !reflect.DeepEqual(lg, want) {
			t.Error("the memo of a mainline rewritten since was used")
		}
	})
	t.Run("a memo that is not one", func(t *testing.T) {
		var m Memo
		if err := m.UnmarshalBinary([]byte("not gob")); err == nil {
			t.Error("garbage decoded")
		}
		lg, _ := memoRead(t, r, "", &m, always)
		want, _ := memoRead(t, r, "", nil, nil)
		if !reflect.DeepEqual(lg, want) {
			t.Error("an empty memo changed the log")
		}
	})
}
