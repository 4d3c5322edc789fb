package repo

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/parallel"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
)

// Streamer is an FS that reads many files faster in one stream than one
// by one, as a git revision does through one git cat-file process. fn is
// called once per name, in order, from one goroutine; size is the file's
// size, and data is nil without an error when the file is larger than max.
type Streamer interface {
	Stream(names []string, max int64, fn func(i int, data []byte, size int64, err error)) error
}

// Loaded is one file as the reader read it.
type Loaded struct {
	File
	// Data is the file's content; nil when it could not be read or is
	// larger than deal.MaxFileSize.
	Data []byte
	// Err is why the file could not be read at all (a *source.Error).
	Err error

	size     int64 // the size of a file too large to read
	once     sync.Once
	deal     *deal.Deal
	problems []*source.Error
}

// Parse parses and decodes the file, once; see deal.Parse. A file too
// large to be a deal is a problem at its top.
func (l *Loaded) Parse() (*deal.Deal, []*source.Error) {
	l.once.Do(func() {
		if l.Data == nil && l.size > 0 {
			l.problems = []*source.Error{deal.TooLarge(l.Name, l.size)}
			return
		}
		l.deal, l.problems = deal.Parse(l.Name, l.Data)
	})
	return l.deal, l.problems
}

// ID is the deal's id, read without parsing the file when its id line is
// plain (see deal.QuickID); the zero Text when there is none.
func (l *Loaded) ID() deal.Text {
	if l.Data != nil {
		if id, ok := deal.QuickID(l.Data); ok {
			return id
		}
	}
	d, _ := l.Parse()
	if d == nil {
		return deal.Text{}
	}
	return d.ID
}

// Read reads files and calls fn with each, on all cores, as each is read:
// fn runs on the reading goroutine, so parsing it there (Loaded.Parse)
// parses on all cores too. i is the file's index in files; fn may be
// called in any order and must be safe to call concurrently.
func (r *Reader) Read(files []File, fn func(i int, l *Loaded)) {
	var done atomic.Int64
	handle := func(i int, l *Loaded) {
		fn(i, l)
		if r.Progress != nil {
			r.Progress(int(done.Add(1)), len(files))
		}
	}
	if s, ok := r.Tree.FS.(Streamer); ok && len(files) > 1 {
		r.stream(s, files, handle)
		return
	}
	parallel.Each(len(files), func(i int) {
		l := &Loaded{File: files[i]}
		l.Data, l.size, l.Err = safefile.ReadFS(r.Tree.FS, files[i].Path, deal.MaxFileSize)
		if l.Err != nil {
			l.Err = readError(l.Name, l.Err)
		}
		handle(i, l)
	})
}

// stream reads files in one stream and hands them to workers on all cores.
func (r *Reader) stream(s Streamer, files []File, handle func(int, *Loaded)) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Path
	}
	ReadFrom(func(emit Emit) error {
		seen := make([]bool, len(files))
		err := s.Stream(names, deal.MaxFileSize, func(i int, data []byte, size int64, err error) {
			seen[i] = true
			emit(i, files[i], data, size, err)
		})
		// A stream that broke off leaves files unread: each gets the error.
		for i := range files {
			if !seen[i] {
				cause := err
				if cause == nil {
					cause = errors.New("not read")
				}
				emit(i, files[i], nil, 0, cause)
			}
		}
		return err
	}, handle)
}

// Emit hands ReadFrom one file read by a stream, as Streamer.Stream hands
// it: i is the index the stream gives it, data nil without an error when
// the file is larger than deal.MaxFileSize.
type Emit func(i int, f File, data []byte, size int64, err error)

// ReadFrom reads the files a stream reads, for a stream that learns which
// files to read while it reads them (a git cat-file stream fed from a
// git log being read): stream calls emit for each file, from one
// goroutine, and fn gets each as Read would give it, on all cores. It
// returns stream's error once fn has had every file.
func ReadFrom(stream func(emit Emit) error, fn func(i int, l *Loaded)) error {
	loaded := make(chan *indexed, 64)
	var wg sync.WaitGroup
	for range workers() {
		wg.Go(func() {
			for x := range loaded {
				fn(x.i, x.l)
			}
		})
	}
	err := stream(func(i int, f File, data []byte, size int64, err error) {
		l := &Loaded{File: f, Data: data}
		switch {
		case err != nil:
			l.Data, l.Err = nil, readError(l.Name, err)
		case data == nil:
			l.size = size
		}
		loaded <- &indexed{i, l}
	})
	close(loaded)
	wg.Wait()
	return err
}

type indexed struct {
	i int
	l *Loaded
}

func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// OpenFile opens a file on disk named on the command line (an export to
// import) with the guards deal files are read with: only a regular file
// (a named pipe would block forever) of at most max bytes. A larger file
// gives a nil file and its size; err is a *source.Error naming file, as
// for a deal file that cannot be read. The caller closes the file, and
// reads at most size bytes of it.
func OpenFile(file string, max int64) (f *os.File, size int64, err error) {
	info, err := os.Stat(file)
	if err == nil {
		err = safefile.Regular(info)
	}
	if err != nil {
		return nil, 0, readError(file, err)
	}
	if info.Size() > max {
		return nil, info.Size(), nil
	}
	if f, err = os.Open(file); err != nil {
		return nil, 0, readError(file, err)
	}
	// The file named may have been replaced between the two looks.
	if info, err = f.Stat(); err == nil {
		err = safefile.Regular(info)
	}
	if err != nil {
		f.Close()
		return nil, 0, readError(file, err)
	}
	if info.Size() > max {
		f.Close()
		return nil, info.Size(), nil
	}
	return f, info.Size(), nil
}

// IsFolder reports whether err, from OpenFile, says the file is a folder.
func IsFolder(err error) bool {
	var kind *safefile.NotRegularError
	return errors.As(err, &kind) && kind.Kind == "dir"
}

// Config reads the configuration file (a path as people give it) from the
// tree; "" gives the defaults. At a revision where the file did not exist
// yet, the defaults applied then, and are what it gives.
func (t Tree) Config(file string) (*config.Config, error) {
	if file == "" {
		return config.Default(), nil
	}
	name, err := t.Path(file)
	if err != nil {
		return nil, readError(file, err)
	}
	data, size, err := safefile.ReadFS(t.FS, name, deal.MaxFileSize)
	switch {
	case err != nil && t.Rev != "" && errors.Is(err, fs.ErrNotExist):
		return config.Default(), nil
	case err != nil:
		return nil, readError(file, err)
	case data == nil:
		return nil, source.Problem(file, source.Pos{Line: 1, Col: 1}, deal.ErrTooLarge, "repo.configTooLarge", "size", deal.KiB(size), "max", deal.MaxFileSize>>10)
	}
	return config.ParseWith(file, data, t.includes(name))
}

// ParseConfig parses data as the configuration file of the tree named
// file, as an editor holds it before it is saved; the rule packs it
// includes are read from the tree as Config reads them.
func (t Tree) ParseConfig(file string, data []byte) (*config.Config, error) {
	name, err := t.Path(file)
	if err != nil {
		return nil, readError(file, err)
	}
	if len(data) > deal.MaxFileSize {
		return nil, source.Problem(file, source.Pos{Line: 1, Col: 1}, deal.ErrTooLarge, "repo.configTooLarge", "size", deal.KiB(int64(len(data))), "max", deal.MaxFileSize>>10)
	}
	return config.ParseWith(file, data, t.includes(name))
}

// includes reads the rule packs of the configuration at name: files in its
// folder, read as deals are (regular files of a bounded size), and never
// through a symbolic link that leaves the folder.
func (t Tree) includes(name string) config.IncludeReader {
	dir := path.Dir(name)
	return func(rel string) ([]byte, error) {
		file := join(dir, rel)
		real, err := t.realPath(file)
		if err != nil {
			return nil, readError(t.Name(file), err)
		}
		if dir != "." && real != dir && !strings.HasPrefix(real, dir+"/") || real == ".." || strings.HasPrefix(real, "../") {
			return nil, source.Problem(t.Name(file), source.Pos{}, &outsideError{file, dir}, "repo.linkOutside")
		}
		data, size, err := safefile.ReadFS(t.FS, file, deal.MaxFileSize)
		switch {
		case err != nil:
			return nil, readError(t.Name(file), err)
		case data == nil:
			return nil, source.Problem(t.Name(file), source.Pos{Line: 1, Col: 1}, deal.ErrTooLarge, "repo.configTooLarge", "size", deal.KiB(size), "max", deal.MaxFileSize>>10)
		}
		return data, nil
	}
}

// LoadConfig reads a configuration file from disk; "" gives the defaults.
func LoadConfig(file string) (*config.Config, error) {
	if file == "" {
		return config.Default(), nil
	}
	t, err := Disk(file)
	if err != nil {
		return nil, err
	}
	return t.Config(file)
}
