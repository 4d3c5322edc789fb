//go:build unix

package safefile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWriteKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only an administrator may give a file another owner")
	}
	path := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if st := info.Sys().(*syscall.Stat_t); st.Uid != 1234 || st.Gid != 5678 {
		t.Errorf("owner %d:%d, want 1234:5678", st.Uid, st.Gid)
	}
}

func TestWriteRefusesSpecialFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo.yaml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := Write(path, []byte("x"), 0o644); err == nil {
		t.Error("replaced a named pipe")
	}
}

// A new folder is made as any program makes one: 0777 less the umask; an
// existing one's mode is kept.
func TestFolderMode(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o027))
	for _, tc := range []struct {
		name     string
		existing os.FileMode // 0: none
		want     os.FileMode
	}{
		{"new", 0, 0o750},
		{"existing 0755", 0o755, 0o755},
		{"existing 0700", 0o700, 0o700},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			if tc.existing != 0 {
				os.Mkdir(dir, tc.existing)
				os.Chmod(dir, tc.existing)
			}
			f, err := NewFolder(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Replace(nil); err != nil {
				t.Fatal(err)
			}
			info, _ := os.Stat(dir)
			if got := info.Mode().Perm(); got != tc.want {
				t.Errorf("mode %v, want %v", got, tc.want)
			}
		})
	}
}
