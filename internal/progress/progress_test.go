package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		name        string
		done, total int64
		elapsed     time.Duration
		want        string
	}{
		{"start", 0, 10000, 0, "linting [>                       ] 0/10000   0%"},
		{"half, with time left", 5000, 10000, 4 * time.Second, "linting [============>           ] 5000/10000  50%  4s left"},
		{"too early to tell", 5000, 10000, 500 * time.Millisecond, "linting [============>           ] 5000/10000  50%"},
		{"under a second left", 9990, 10000, 10 * time.Second, "linting [=======================>] 9990/10000  99%"},
		{"done", 10000, 10000, time.Minute, "linting [========================] 10000/10000 100%"},
		{"overcounted", 12, 10, time.Minute, "linting [========================] 10/10 100%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Line("linting", tc.done, tc.total, tc.elapsed); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// syncBuffer lets the drawing goroutine and the test share a buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestDisabledDrawsNothing(t *testing.T) {
	var out syncBuffer
	b := Start(&out, "linting", false)
	b.Update(5, 10) // a nil bar accepts every call
	b.Finish()
	if b != nil || out.String() != "" {
		t.Errorf("disabled bar drew %q", out.String())
	}
}

func TestQuickWorkDrawsNothing(t *testing.T) {
	var out syncBuffer
	b := Start(&out, "linting", true)
	b.Update(10, 10)
	b.Finish() // well before Delay
	if out.String() != "" {
		t.Errorf("a command quicker than the delay drew %q", out.String())
	}
}

func TestDrawAndClear(t *testing.T) {
	var out syncBuffer
	b := &Bar{w: &out, label: "building", start: time.Now(), stop: make(chan struct{})}
	b.draw() // nothing to show before the total is known
	b.Update(2, 4)
	b.Update(1, 4) // a late report from a slower goroutine
	b.draw()
	b.Finish()
	got := out.String()
	if !strings.HasPrefix(got, "\rbuilding [============>           ] 2/4  50%\x1b[K") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("drew %q", got)
	}
}
