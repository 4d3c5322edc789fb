// Package parallel runs independent pieces of work on all cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for i in [0, n) on all cores and returns when every call
// has. fn must be safe to call concurrently; writing to its own index of a
// slice is. Indexes are handed out in order, so work that streams results
// gets the first ones first.
func Each(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// EachErr is Each for work that can fail: it returns the error of the
// lowest index that failed, so the error is the same whatever the timing.
func EachErr(n int, fn func(i int) error) error {
	errs := make([]error, n)
	Each(n, func(i int) { errs[i] = fn(i) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
