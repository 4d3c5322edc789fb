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
// web server running as another user can read it; a folder that exists
// keeps its own.
func TestOutputPermissions(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o022))
	for _, tc := range []struct {
		name     string
		existing fs.FileMode // 0: no folder before
		want     fs.FileMode
	}{
		{"a new folder", 0, 0o755},
		{"an existing folder of 0755", 0o755, 0o755},
		{"an existing folder of 0750", 0o750, 0o750},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			if tc.existing != 0 {
				os.Mkdir(out, 0o700)
				os.Chmod(out, tc.existing)
			}
			if _, err := Build(Options{Paths: []string{"testdata/broken"}, Out: out, Today: today, noHistory: true}); err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]fs.FileMode{".": tc.want, "deals": 0o755, "index.html": 0o644, "deals/good.html": 0o644} {
				info, err := os.Stat(filepath.Join(out, name))
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode().Perm(); got != want {
					t.Errorf("%s: %v, want %v", name, got, want)
				}
			}
		})
	}
}
