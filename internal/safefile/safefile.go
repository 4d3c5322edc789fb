// Package safefile reads files within bounds and writes files and folders atomically, so that no special file hangs a reader and no crash mid-write leaves half a file or half a site.
package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Create writes a new file at path, making its folder if needed. It never
// replaces anything: when path exists, the error wraps fs.ErrExist.
func Create(path string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// A link, unlike a rename, fails when the name is taken, so a file
	// that appeared meanwhile is not overwritten.
	err = os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// No hard links on this file system (some network and FAT ones):
	// check, then rename, which leaves a short window.
	if _, statErr := os.Lstat(path); statErr == nil {
		return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
	}
	return os.Rename(tmp, path)
}

// Write writes data to path, replacing the file if there is one: readers
// see the old content or the new, never a part. A file replaced keeps its
// permissions and, where this process may set them, its owner and group
// (a command run as root in a container must not leave files only root
// can change); a symbolic link keeps pointing where it did: its target is
// written. perm is for a new file.
//
// Files are not synced to disk: they are small and under version control,
// and a sync per file would make formatting a large repository slow.
func Write(path string, data []byte, perm fs.FileMode) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	info, err := os.Stat(path)
	switch {
	case err == nil && !info.Mode().IsRegular():
		return &fs.PathError{Op: "write", Path: path, Err: errors.New("not a regular file")}
	case err == nil:
		perm = info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	}
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if info != nil {
		keepOwner(tmp, info)
		// Changing the owner may clear set-id bits: set the mode again.
		_ = os.Chmod(tmp, perm)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTemp writes data to a hidden temporary file beside path.
func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	merr := f.Chmod(perm)
	cerr := f.Close()
	if err := errors.Join(werr, merr, cerr); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
