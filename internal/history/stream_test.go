package history

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/repo"
)

// streamHistory is a history of a few deals over many commits, with a
// content that comes back (a revert) and a deletion.
func streamHistory(t *testing.T) *Repo {
	t.Helper()
	g := gittest.New(t, "2026-01-01")
	for i := range 30 {
		f := fmt.Sprintf("deals/d%d.yaml", i%4)
		stage := []string{"prospect", "qualify", "develop"}[i%3]
		g.Write(f, fmt.Sprintf("id: d%d\ntitle: Deal %d\nstage: %s\namount:\n  value: %d\n  currency: EUR\nclose_date: 2027-01-31\n", i%4, i%4, stage, 100*(i%5)))
		if i == 20 {
			g.Git("rm", "-q", "deals/d3.yaml")
		}
		g.Commit("Li", "li@example.com", fmt.Sprintf("c%d", i))
	}
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestLogEachStreams: the log read while git writes it, with every
// content parsed as it is named, gives the timelines of the log read in
// parts; each content is handed over once, with the time of the first
// commit that has it.
func TestLogEachStreams(t *testing.T) {
	r := streamHistory(t)
	defer func(n int) { partsFrom = n }(partsFrom)
	partsFrom = 1
	whole, err := r.Log(nil, "", nil) // in parts, headers only
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int64{}
	streamed, err := r.LogEach(nil, "", nil, func(blob string, first int64, l *repo.Loaded) *Header {
		mu.Lock()
		defer mu.Unlock()
		if _, twice := seen[blob]; twice {
			t.Errorf("%s handed over twice", blob)
		}
		seen[blob] = first
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(whole, streamed) {
		t.Errorf("the streamed log differs from the log in parts")
	}
	firsts := map[string]int64{}
	for _, tl := range whole.Deals {
		for _, s := range tl.States {
			if at, ok := firsts[s.Blob]; s.Blob != "" && !s.Deleted && (!ok || s.Time < at) {
				firsts[s.Blob] = s.Time
			}
		}
	}
	if len(firsts) == 0 || !reflect.DeepEqual(firsts, seen) {
		t.Errorf("contents handed over with their first times:\n%v\nwant\n%v", seen, firsts)
	}
}

// TestLogEachUnknownRevision: a revision git does not know is git's
// error, from the log read while git writes it too.
func TestLogEachUnknownRevision(t *testing.T) {
	r := streamHistory(t)
	_, err := r.LogEach(nil, "no-such-branch", nil, func(string, int64, *repo.Loaded) *Header { return nil })
	if err == nil || !strings.Contains(err.Error(), "git log") {
		t.Fatalf("err = %v, want git log's error", err)
	}
}

// TestBlobsFrom: names sent while the objects are read are answered in
// order, many more than the pipes hold, missing ones included; a failing
// fn stops the stream with its error and the sender is never blocked.
func TestBlobsFrom(t *testing.T) {
	r := streamHistory(t)
	head := strings.TrimSpace(string(must(r.git("rev-parse", "HEAD:deals/d0.yaml"))))
	const n = 20000
	want := func(i int) string {
		switch i % 3 {
		case 0:
			return head
		case 1:
			return "HEAD:deals/d1.yaml"
		}
		return "HEAD:deals/none.yaml"
	}
	send := func() (<-chan string, chan struct{}) {
		names, sent := make(chan string), make(chan struct{})
		go func() {
			defer close(sent)
			defer close(names)
			for i := range n {
				names <- want(i)
			}
		}()
		return names, sent
	}
	names, sent := send()
	count := 0
	err := r.BlobsFrom(names, func(i int, name string, data []byte, ok bool) error {
		if i != count || name != want(i) {
			return fmt.Errorf("answer %d is %d %q, want %q", count, i, name, want(count))
		}
		if ok != (i%3 != 2) || ok && !strings.HasPrefix(string(data), "id: d") {
			return fmt.Errorf("answer %d: ok %v, %q", i, ok, data)
		}
		count++
		return nil
	})
	<-sent
	if err != nil || count != n {
		t.Fatalf("%d answers, err %v", count, err)
	}

	stop := errors.New("stop")
	names, sent = send()
	err = r.BlobsFrom(names, func(i int, _ string, _ []byte, _ bool) error {
		if i == 2 {
			return stop
		}
		return nil
	})
	<-sent
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want fn's", err)
	}
}

func must(out []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return out
}
