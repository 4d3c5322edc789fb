package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A Folder is a new folder written beside the one it replaces as a whole
// (Replace), so that no reader ever sees half of it. It is made as a
// normal program makes a folder: 0777 less the umask.
type Folder struct {
	// Path is where to write the new folder's files.
	Path   string
	target string
	done   bool
}

// NewFolder starts a folder that will replace dir, in dir's parent, which
// is made if needed. The leftovers of earlier NewFolder calls for dir
// whose process has ended (a build that was killed) are removed first.
func NewFolder(dir string) (*Folder, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o777); err != nil {
		return nil, err
	}
	RemoveLeftovers(dir)
	prefix := stagingPrefix(dir) + strconv.Itoa(os.Getpid()) + "-"
	for {
		path := filepath.Join(parent, prefix+strconv.FormatUint(rand.Uint64()%1e9, 10))
		err := os.Mkdir(path, 0o777)
		if err == nil {
			return &Folder{Path: path, target: dir}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
	}
}

// stagingPrefix is the start of the names of the folders that are to
// replace dir: ".NAME.new-".
func stagingPrefix(dir string) string { return "." + filepath.Base(dir) + ".new-" }

// RemoveLeftovers removes the folders that NewFolder made for dir in
// processes that have ended without replacing dir or removing them:
// ".NAME.new-PID-N" (and such a folder's ".old" half of a swap), and the
// ".NAME.new-N" of versions that did not name the process.
func RemoveLeftovers(dir string) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := stagingPrefix(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.IsDir() { // never a link: it is not ours to follow
			continue
		}
		rest = strings.TrimSuffix(rest, ".old")
		pid, n, twoParts := strings.Cut(rest, "-")
		if !twoParts {
			pid, n = "", pid
		}
		if !digits(n) || (twoParts && !digits(pid)) {
			continue
		}
		if twoParts {
			p, err := strconv.Atoi(pid)
			if err != nil || p == os.Getpid() || running(p) {
				continue
			}
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Remove removes the new folder, after a failure; after Replace it does
// nothing.
func (f *Folder) Remove() error {
	if f.done {
		return nil
	}
	f.done = true
	return os.RemoveAll(f.Path)
}

// Replace puts the new folder in place of the old one. The old folder's
// entries named in keep (names at its top, such as .git or CNAME) are
// moved into the new one first, and the new folder takes the old one's
// permissions. The old folder is moved aside before the new one takes its
// place and is removed last, so at every moment one complete folder
// exists at or next to its path; when a step fails, everything is put
// back as it was.
func (f *Folder) Replace(keep []string) error {
	if f.done {
		return errors.New("safefile: folder already replaced or removed")
	}
	old, err := os.Lstat(f.target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case err != nil:
		return err
	case !old.IsDir():
		return &fs.PathError{Op: "replace", Path: f.target, Err: errors.New("not a folder")}
	}
	var moved []string
	putBack := func() {
		for _, name := range moved {
			_ = os.Rename(filepath.Join(f.Path, name), filepath.Join(f.target, name))
		}
	}
	if old != nil {
		for _, name := range keep {
			if !OneName(name) {
				return fmt.Errorf("safefile: %q is not a name in a folder", name)
			}
			from, to := filepath.Join(f.target, name), filepath.Join(f.Path, name)
			if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if _, err := os.Lstat(to); err == nil {
				putBack()
				return &fs.PathError{Op: "keep", Path: to, Err: fs.ErrExist}
			}
			if err := os.Rename(from, to); err != nil {
				putBack()
				return err
			}
			moved = append(moved, name)
		}
		if err := os.Chmod(f.Path, old.Mode().Perm()|old.Mode()&(fs.ModeSetgid|fs.ModeSticky)); err != nil {
			putBack()
			return err
		}
		aside := f.Path + ".old"
		if err := os.Rename(f.target, aside); err != nil {
			putBack()
			return err
		}
		if err := os.Rename(f.Path, f.target); err != nil {
			_ = os.Rename(aside, f.target)
			putBack()
			return err
		}
		f.done = true
		return os.RemoveAll(aside)
	}
	if err := os.Rename(f.Path, f.target); err != nil {
		return err
	}
	f.done = true
	return nil
}

// OneName reports whether name is one file's name in a folder: not empty,
// not . or .., without a separator.
func OneName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, `/\`) && filepath.Base(name) == name
}
