package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/dealsascode/deals/internal/gittest"
)

// TestMainlineInParts: the log run in parts, one range per core, is the
// log run whole, byte for byte, on a history with renames, deletions, a
// merged branch and commits that touch no deal, wherever the cuts fall.
func TestMainlineInParts(t *testing.T) {
	g := gittest.New(t, "2026-01-01")
	var files []string // the deal files there are, oldest first
	take := func() string {
		f := files[0]
		files = files[1:]
		return f
	}
	for i := range 40 {
		switch {
		case i%7 == 3 && len(files) > 2:
			moved := fmt.Sprintf("deals/moved%d.yaml", i)
			g.Git("mv", take(), moved)
			files = append(files, moved)
		case i%11 == 5 && len(files) > 2:
			g.Git("rm", "-q", take())
		case i%5 == 4:
			g.Write("README.md", fmt.Sprintf("notes %d\n", i))
		default:
			f := fmt.Sprintf("deals/d%d.yaml", i)
			g.Write(f, fmt.Sprintf("id: d%d\nstage: qualify\namount: {value: %d}\n", i, i*100))
			files = append(files, f)
		}
		g.Commit("Ana", "ana@example.com", fmt.Sprintf("change %d", i))
		if i == 20 {
			g.Git("checkout", "-q", "-b", "side")
			g.Write("deals/side.yaml", "id: side\nstage: develop\n")
			g.Commit("Ben", "ben@example.com", "on a branch")
			g.Git("checkout", "-q", "main")
			g.Write(files[len(files)-1], "id: changed\nstage: propose\n")
			g.Commit("Ana", "ana@example.com", "meanwhile")
			g.Git("-c", "user.name=Ana", "-c", "user.email=ana@example.com", "merge", "-q", "--no-ff", "-m", "merge side", "side")
		}
	}
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { partsFrom = n }(partsFrom)
	partsFrom = 1
	for _, specs := range [][]string{nil, {"deals"}} {
		for _, until := range []string{"", "HEAD~3"} {
			whole, err := readMainline(r, until, specs, 1)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(whole, []byte(" R100\x00")) || !bytes.Contains(whole, []byte(" D\x00")) {
				t.Fatalf("the history has no rename or no deletion:\n%q", whole)
			}
			for n := 2; n <= 9; n++ {
				parts, err := readMainline(r, until, specs, n)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(whole, parts) {
					t.Fatalf("until %q, specs %v, %d parts: the log in parts differs from the whole log", until, specs, n)
				}
				if a, b := parseLog(whole), parseLog(parts); !reflect.DeepEqual(a, b) {
					t.Fatalf("the commits differ")
				}
			}
		}
	}
}

// readMainline is the whole of the log mainline gives.
func readMainline(r *Repo, until string, specs []string, parts int) ([]byte, error) {
	out, wait, err := r.mainline(until, specs, parts)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(out)
	if err := errors.Join(err, wait()); err != nil {
		return nil, err
	}
	return data, nil
}
