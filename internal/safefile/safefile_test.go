package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "a.yaml")
	if err := Create(path, []byte("one"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Create(path, []byte("two"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("creating over a file: %v, want fs.ErrExist", err)
	}
	assertFile(t, path, "one", 0o640)
	assertOnlyFile(t, filepath.Dir(path))
}

func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing fs.FileMode // 0: no file before
		want     fs.FileMode
	}{
		{"new file", 0, 0o644},
		{"keeps the mode", 0o600, 0o600},
		{"keeps an executable bit", 0o755, 0o755},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "a.yaml")
			if tc.existing != 0 {
				if err := os.WriteFile(path, []byte("old"), tc.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.existing); err != nil {
					t.Fatal(err)
				}
			}
			if err := Write(path, []byte("new"), 0o644); err != nil {
				t.Fatal(err)
			}
			assertFile(t, path, "new", tc.want)
			assertOnlyFile(t, dir)
		})
	}
}

func TestWriteThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "link.yaml")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := Write(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	assertFile(t, target, "new", 0o644)
}

func TestWriteIntoMissingFolder(t *testing.T) {
	if err := Write(filepath.Join(t.TempDir(), "no", "a.yaml"), nil, 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want fs.ErrNotExist", err)
	}
}

func assertFile(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if string(data) != content || info.Mode().Perm() != mode {
		t.Errorf("%s: %q %v, want %q %v", path, data, info.Mode().Perm(), content, mode)
	}
}

// assertOnlyFile checks that no temporary file was left behind.
func assertOnlyFile(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %v, want one file", dir, names)
	}
}
