// Package browsertest finds the Chromium that browser tests and benchmarks drive.
package browsertest

import (
	"os"
	"os/exec"
	"testing"
)

// Need is the path of Chromium. Without one a test is skipped, unless
// DEALS_E2E is set (CI sets it), when a missing browser fails the run.
func Need(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DEALS_E2E") != "" {
		tb.Fatal("DEALS_E2E is set but no Chromium is installed (apt-get install chromium)")
	}
	tb.Skip("no Chromium installed; .ci/run installs it")
	return ""
}
