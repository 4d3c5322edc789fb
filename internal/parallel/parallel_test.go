package parallel

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		seen := make([]int32, n)
		var calls atomic.Int64
		Each(n, func(i int) {
			atomic.AddInt32(&seen[i], 1)
			calls.Add(1)
		})
		if int(calls.Load()) != n {
			t.Fatalf("n=%d: %d calls", n, calls.Load())
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n=%d: index %d called %d times", n, i, c)
			}
		}
	}
}

func TestEachErrLowestIndex(t *testing.T) {
	err := EachErr(100, func(i int) error {
		if i == 40 || i == 7 || i == 90 {
			return errors.New(string(rune('a' + i%26)))
		}
		return nil
	})
	if err == nil || err.Error() != string(rune('a'+7)) {
		t.Fatalf("got %v, want the error of index 7", err)
	}
	if err := EachErr(3, func(int) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
