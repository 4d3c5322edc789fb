package lint

import "runtime/debug"

// TuneGC lets the heap grow to a budget before collecting, and returns
// how to undo it. Linting allocates a lot per file and keeps little, so at
// the default pace the collector takes a third of the time. The budget
// grows with what is kept (findings and a summary per file). GOGC or
// GOMEMLIMIT, when set (getenv reads the environment), win.
func TuneGC(getenv func(string) string, files int) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(GCLimit(files))
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// GCLimit is the budget TuneGC gives a run of files: 128 MiB and 4 KiB
// more per file.
func GCLimit(files int) int64 { return 128<<20 + int64(files)<<12 }
