package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tree is the repository's files at a commit as an fs.FS, so that the
// reader of deals reads a revision as it reads the work tree. Names are
// relative to the top of the work tree. Symbolic links are followed within
// the tree; a link that leaves it leads nowhere. Close it when done.
type Tree struct {
	repo   *Repo
	commit string
	when   time.Time
	files  map[string]*treeEntry
	dirs   map[string][]fs.DirEntry

	mu  sync.Mutex
	cat *catFile
}

type treeEntry struct {
	name string // base name
	mode fs.FileMode
	hash string
	size int64
}

// Tree lists the files of commit.
func (r *Repo) Tree(commit string) (*Tree, error) {
	out, err := r.git("ls-tree", "-r", "-z", "-l", "--full-tree", commit)
	if err != nil {
		return nil, err
	}
	t := &Tree{repo: r, commit: commit, files: map[string]*treeEntry{}, dirs: map[string][]fs.DirEntry{".": nil}}
	if secs, err := r.CommitTime(commit); err == nil {
		t.when = time.Unix(secs, 0)
	}
	dirSeen := map[string]bool{".": true}
	var addDir func(dir string)
	addDir = func(dir string) {
		if dirSeen[dir] {
			return
		}
		dirSeen[dir] = true
		parent := path.Dir(dir)
		addDir(parent)
		t.dirs[dir] = nil
		t.dirs[parent] = append(t.dirs[parent], dirEntry{&treeEntry{name: path.Base(dir), mode: fs.ModeDir | 0o755}, t})
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		// <mode> SP <type> SP <object> SP+ <size> TAB <path>
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok {
			continue
		}
		f := strings.Fields(string(meta))
		if len(f) < 4 || f[1] != "blob" {
			continue // submodules
		}
		e := &treeEntry{name: path.Base(string(name)), hash: f[2]}
		e.size, _ = strconv.ParseInt(f[3], 10, 64)
		switch f[0] {
		case "120000":
			e.mode = fs.ModeSymlink | 0o777
		case "100755":
			e.mode = 0o755
		default:
			e.mode = 0o644
		}
		p := string(name)
		t.files[p] = e
		dir := path.Dir(p)
		addDir(dir)
		t.dirs[dir] = append(t.dirs[dir], dirEntry{e, t})
	}
	for _, entries := range t.dirs {
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	}
	return t, nil
}

// Commit is the commit the tree is of.
func (t *Tree) Commit() string { return t.commit }

// Close ends the git process that reads the files.
func (t *Tree) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cat == nil {
		return nil
	}
	err := t.cat.close()
	t.cat = nil
	return err
}

// resolve follows symbolic links from name to a file or folder of the
// tree: the entry (nil for a folder) and its path.
func (t *Tree) resolve(name string) (*treeEntry, string, error) {
	for hops := 0; hops < 40; hops++ {
		if _, isDir := t.dirs[name]; isDir {
			return nil, name, nil
		}
		e := t.files[name]
		if e == nil {
			return nil, "", fs.ErrNotExist
		}
		if e.mode&fs.ModeSymlink == 0 {
			return e, name, nil
		}
		target, err := t.blob(e.hash)
		if err != nil {
			return nil, "", err
		}
		next := string(target)
		if path.IsAbs(next) {
			return nil, "", fs.ErrNotExist // a link out of the repository leads nowhere
		}
		next = path.Join(path.Dir(name), next)
		if !fs.ValidPath(next) {
			return nil, "", fs.ErrNotExist
		}
		name = next
	}
	return nil, "", errors.New("too many levels of symbolic links")
}

func (t *Tree) blob(hash string) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cat == nil {
		c, err := startCatFile(t.repo.Top)
		if err != nil {
			return nil, err
		}
		t.cat = c
	}
	return t.cat.get(hash)
}

// Open opens a file or folder of the tree.
func (t *Tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	e, real, err := t.resolve(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if e == nil {
		return &treeDir{t: t, name: real, entries: t.dirs[real]}, nil
	}
	data, err := t.blob(e.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: fileInfo{e, t.when}, r: bytes.NewReader(data)}, nil
}

// Stat describes a file or folder, following symbolic links.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	e, real, err := t.resolve(name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if e == nil {
		return fileInfo{&treeEntry{name: path.Base(real), mode: fs.ModeDir | 0o755}, t.when}, nil
	}
	return fileInfo{e, t.when}, nil
}

// ReadDir lists a folder, sorted by name.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	e, real, err := t.resolve(name)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if e != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return append([]fs.DirEntry(nil), t.dirs[real]...), nil
}

// RealPath is the file or folder name reaches through symbolic links.
func (t *Tree) RealPath(name string) (string, error) {
	_, real, err := t.resolve(name)
	return real, err
}

// Stream reads files in one git cat-file stream, calling fn in order;
// files over max are not read (data nil, their size given).
func (t *Tree) Stream(names []string, max int64, fn func(i int, data []byte, size int64, err error)) error {
	var hashes []string
	var index []int
	for i, name := range names {
		e, _, err := t.resolve(name)
		switch {
		case err != nil:
			fn(i, nil, 0, err)
		case e == nil:
			fn(i, nil, 0, errors.New("is a directory"))
		case e.size > max:
			fn(i, nil, e.size, nil)
		default:
			hashes = append(hashes, e.hash)
			index = append(index, i)
		}
	}
	return t.repo.Blobs(hashes, func(k int, data []byte, ok bool) error {
		if !ok {
			fn(index[k], nil, 0, fs.ErrNotExist)
			return nil
		}
		fn(index[k], data, int64(len(data)), nil)
		return nil
	})
}

type dirEntry struct {
	e *treeEntry
	t *Tree
}

func (d dirEntry) Name() string               { return d.e.name }
func (d dirEntry) IsDir() bool                { return d.e.mode.IsDir() }
func (d dirEntry) Type() fs.FileMode          { return d.e.mode.Type() }
func (d dirEntry) Info() (fs.FileInfo, error) { return fileInfo{d.e, d.t.when}, nil }

type fileInfo struct {
	e    *treeEntry
	when time.Time
}

func (f fileInfo) Name() string       { return f.e.name }
func (f fileInfo) Size() int64        { return f.e.size }
func (f fileInfo) Mode() fs.FileMode  { return f.e.mode }
func (f fileInfo) ModTime() time.Time { return f.when }
func (f fileInfo) IsDir() bool        { return f.e.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }

type treeFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *treeFile) Close() error               { return nil }

type treeDir struct {
	t       *Tree
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *treeDir) Stat() (fs.FileInfo, error) {
	return fileInfo{&treeEntry{name: path.Base(d.name), mode: fs.ModeDir | 0o755}, d.t.when}, nil
}
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *treeDir) Close() error { return nil }

func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && len(rest) > n {
		rest = rest[:n]
	}
	d.off += len(rest)
	return append([]fs.DirEntry(nil), rest...), nil
}

// catFile is a long-running git cat-file --batch: one object at a time,
// for files opened one by one.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	w   *bufio.Writer
	out *bufio.Reader
}

func startCatFile(dir string) (*catFile, error) {
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &catFile{cmd: cmd, in: in, w: bufio.NewWriter(in), out: bufio.NewReaderSize(out, 64<<10)}, nil
}

func (c *catFile) get(hash string) ([]byte, error) {
	c.w.WriteString(hash)
	c.w.WriteByte('\n')
	if err := c.w.Flush(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	f := strings.Fields(header)
	if len(f) < 3 {
		return nil, fs.ErrNotExist
	}
	size, err := strconv.Atoi(f[2])
	if err != nil || size < 0 {
		return nil, fmt.Errorf("git cat-file: bad header %q", header)
	}
	data := make([]byte, size+1)
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return data[:size], nil
}

func (c *catFile) close() error {
	c.in.Close()
	return c.cmd.Wait()
}
