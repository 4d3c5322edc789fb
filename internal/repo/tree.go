// Package repo is the one way deal files are found and read: in the work
// tree or at a git revision, each real file once, read with the size and
// encoding guards and parsed on all cores.
package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
)

// Tree is a file tree deals are read from: the files on disk, or a git
// revision (history.Repo.Tree). The same reader reads both, so a build of
// an earlier revision is a build over another Tree.
type Tree struct {
	// FS holds the files. Its names are slash-separated and relative to Dir.
	FS fs.FS
	// Dir is the absolute folder, symbolic links resolved, that the root of
	// FS stands for. Paths people give (relative to the current folder or
	// absolute) are made relative to it.
	Dir string
	// Rev names the revision in messages; "" for the files on disk.
	Rev string
}

// RealPather is an FS that can say which file a name reaches through
// symbolic links, so that a file named twice is read once. Disk and
// revision trees both are.
type RealPather interface {
	RealPath(name string) (string, error)
}

// Disk is the tree of the files on disk that holds every one of paths
// (folders or files, which need not exist): it is rooted at their deepest
// common folder.
func Disk(paths ...string) (Tree, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var top string
	for i, p := range paths {
		abs, err := realAbs(p)
		if err != nil {
			return Tree{}, err
		}
		if info, err := os.Stat(abs); err == nil && !info.IsDir() {
			abs = filepath.Dir(abs)
		}
		if i == 0 {
			top = abs
			continue
		}
		top = commonDir(top, abs)
	}
	return Tree{FS: diskFS{FS: os.DirFS(top), dir: top}, Dir: top}, nil
}

// OnDisk reports whether the tree is the files on disk, which can be written.
func (t Tree) OnDisk() bool {
	_, ok := t.FS.(diskFS)
	return ok
}

// diskFS is os.DirFS that also resolves symbolic links. Stat is passed
// through: without it fs.Stat opens the file, and opening a named pipe
// blocks until something writes to it.
type diskFS struct {
	fs.FS
	dir string
}

func (d diskFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }

func (d diskFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }

func (d diskFS) RealPath(name string) (string, error) {
	real, err := filepath.EvalSymlinks(filepath.Join(d.dir, filepath.FromSlash(name)))
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(d.dir, real)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}

// realAbs is p as an absolute path with symbolic links resolved as far as
// the path exists.
func realAbs(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	// Resolve the part that exists: a path of a revision may be gone from disk.
	dir, rest := abs, ""
	for {
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest), nil
		}
	}
}

// commonDir is the deepest folder holding both absolute folders a and b.
func commonDir(a, b string) string {
	for {
		if rel, err := filepath.Rel(a, b); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return a
		}
		parent := filepath.Dir(a)
		if parent == a {
			return a
		}
		a = parent
	}
}

// Path is where p (a path as people give it) is in the tree, or an error
// when it is outside the tree.
func (t Tree) Path(p string) (string, error) {
	abs, err := realAbs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(t.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", &outsideError{p, t.Dir}
	}
	return filepath.ToSlash(rel), nil
}

// Name is how a path in the tree is shown to people: relative to the
// current folder when it is inside it, else absolute.
func (t Tree) Name(name string) string {
	abs := filepath.Join(t.Dir, filepath.FromSlash(name))
	if wd, err := os.Getwd(); err == nil {
		if real, err := filepath.EvalSymlinks(wd); err == nil {
			wd = real
		}
		if p, err := filepath.Rel(wd, abs); err == nil && p != ".." && !strings.HasPrefix(p, ".."+string(filepath.Separator)) {
			return p
		}
	}
	return abs
}

// realPath is the file name reaches, following symbolic links.
func (t Tree) realPath(name string) (string, error) {
	if rp, ok := t.FS.(RealPather); ok {
		return rp.RealPath(name)
	}
	return name, nil
}

// readError is the problem of a file that cannot be read, without the
// operation and path a *fs.PathError repeats.
func readError(file string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var out *outsideError
	var kind *safefile.NotRegularError
	switch {
	case errors.As(err, &kind):
		return source.Problem(file, source.Pos{}, err, "repo.notRegular."+kind.Kind)
	case errors.As(err, &out):
		return source.Problem(file, source.Pos{}, err, "repo.outside", "dir", out.dir)
	case errors.Is(err, fs.ErrNotExist):
		return source.Problem(file, source.Pos{}, err, "repo.missing")
	case errors.Is(err, fs.ErrPermission):
		return source.Problem(file, source.Pos{}, err, "repo.denied")
	}
	return source.Problem(file, source.Pos{}, err, "repo.unreadable", "detail", err.Error())
}

// join is path.Join for tree names, where "." is the root.
func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return path.Join(dir, name)
}

// outsideError is a path given that is not in the tree.
type outsideError struct{ path, dir string }

func (e *outsideError) Error() string { return fmt.Sprintf("%s is outside %s", e.path, e.dir) }
