//go:build unix

package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The site gets the permissions a program gives what it makes, so that a
// web server running as another user can read it (safefile's
// TestFolderMode checks that an existing folder keeps its own).
func TestOutputPermissions(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	out := filepath.Join(t.TempDir(), "site")
	if _, err := Build(Options{Paths: []string{"testdata/broken"}, Out: out, Today: today, noHistory: true}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]fs.FileMode{".": 0o755, "deals": 0o755, "index.html": 0o644, "deals/good.html": 0o644} {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}
