// Package progress draws a progress bar on a terminal while a long command works.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Bar shows work done out of a total and redraws itself on one line. A
// nil *Bar is valid and draws nothing, so callers need no conditions.
type Bar struct {
	w     io.Writer
	label string
	total atomic.Int64
	done  atomic.Int64
	start time.Time

	stop    chan struct{}
	stopped sync.WaitGroup
	mu      sync.Mutex // serialises drawing
	drawn   bool
}

// Delay is how long a command must run before its bar appears: a quick
// command prints nothing.
const Delay = 400 * time.Millisecond

const every = 100 * time.Millisecond

// Start returns a bar drawn on w after Delay and every tenth of a second
// until Finish, once Update has said how much work there is; or nil when
// enabled is false (w is not a terminal).
func Start(w io.Writer, label string, enabled bool) *Bar {
	if !enabled {
		return nil
	}
	b := &Bar{w: w, label: label, start: time.Now(), stop: make(chan struct{})}
	b.stopped.Add(1)
	go b.loop()
	return b
}

func (b *Bar) loop() {
	defer b.stopped.Done()
	select {
	case <-time.After(Delay):
	case <-b.stop:
		return
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		b.draw()
		select {
		case <-tick.C:
		case <-b.stop:
			return
		}
	}
}

// Update says that done units of total are done. It is safe from many
// goroutines at once: a late call with a smaller count is ignored.
func (b *Bar) Update(done, total int) {
	if b == nil {
		return
	}
	b.total.Store(int64(total))
	for {
		old := b.done.Load()
		if int64(done) <= old || b.done.CompareAndSwap(old, int64(done)) {
			return
		}
	}
}

// Finish stops drawing and clears the bar's line, so that what the
// command prints next starts on a clean line.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	close(b.stop)
	b.stopped.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}

func (b *Bar) draw() {
	b.mu.Lock()
	defer b.mu.Unlock()
	total := b.total.Load()
	if total <= 0 {
		return
	}
	fmt.Fprint(b.w, "\r"+Line(b.label, b.done.Load(), total, time.Since(b.start))+"\x1b[K")
	b.drawn = true
}

const width = 24

// Line is the bar as drawn: label, bar, count, percentage and the time
// left, estimated from the rate so far.
func Line(label string, done, total int64, elapsed time.Duration) string {
	done = min(max(done, 0), total)
	filled := int(done * width / total)
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	line := fmt.Sprintf("%s [%s] %d/%d %3d%%", label, bar, done, total, done*100/total)
	if done > 0 && done < total && elapsed > time.Second {
		if left := time.Duration(float64(elapsed) * float64(total-done) / float64(done)); left >= time.Second {
			line += "  " + left.Round(time.Second).String() + " left"
		}
	}
	return line
}
