package deal

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

// MaxFileSize is the largest deal file read: real deals are a few kilobytes,
// and a bigger file is almost always something else committed by mistake.
const MaxFileSize = 1 << 20

// ConfigName is the repository configuration file, never a deal.
const ConfigName = "deals.config.yaml"

// SiteMarker is written by deals build into its output folder; folders that
// hold it are generated and never searched for deals.
const SiteMarker = ".deals-site"

// ErrTooLarge is wrapped by the problem reported for files over MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// Parse decodes one deal file's bytes. The returned problems are what is
// wrong with the file, positioned; d is nil only when the YAML could not be
// parsed at all. A deal with problems is still decoded as far as it goes.
func Parse(file string, data []byte) (d *Deal, problems []*source.Error) {
	if len(data) > MaxFileSize {
		return nil, []*source.Error{{File: file, Pos: source.Pos{Line: 1, Col: 1},
			Msg: fmt.Sprintf("the file is %d KiB; deal files are limited to %d KiB", len(data)>>10, MaxFileSize>>10), Err: ErrTooLarge}}
	}
	root, err := source.Parse(file, data)
	if err != nil {
		var se *source.Error
		if errors.As(err, &se) {
			return nil, []*source.Error{se}
		}
		return nil, []*source.Error{{File: file, Pos: source.Pos{Line: 1, Col: 1}, Msg: err.Error(), Err: err}}
	}
	v, problems := source.Value(file, root)
	if len(problems) == 0 {
		problems = source.Check(file, root, v, schema.Deal())
	}
	return decode(file, root), problems
}

// Read reads a deal file. Files over MaxFileSize are not read in full; their
// first MaxFileSize+1 bytes are returned so that Parse reports them.
func Read(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, ioError(file, err)
	}
	defer f.Close()
	// One allocation of the right size when the size is known; the limit
	// still holds if the file grows while it is read.
	size := 512
	if info, err := f.Stat(); err == nil && info.Size() > 0 {
		size = int(min(info.Size(), MaxFileSize)) + 1
	}
	data := make([]byte, 0, size)
	for len(data) <= MaxFileSize {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):min(cap(data), MaxFileSize+1)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ioError(file, err)
		}
	}
	return data, nil
}

func ioError(file string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &source.Error{File: file, Msg: "cannot read: " + err.Error(), Err: err}
}

// Result is one loaded file.
type Result struct {
	File     string
	Deal     *Deal
	Problems []*source.Error
	// Err is an I/O failure: the file could not be read at all.
	Err error
}

// Load reads and parses one file.
func Load(file string) Result {
	data, err := Read(file)
	if err != nil {
		return Result{File: file, Err: err}
	}
	d, problems := Parse(file, data)
	return Result{File: file, Deal: d, Problems: problems}
}

// Each calls fn(i) for i in [0, n) on all cores. fn must be safe to call
// concurrently; writing to its own index of a slice is.
func Each(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// Find lists the deal files under paths, sorted: every .yaml and .yml file
// except the configuration, hidden files and folders, generated sites, and
// what exclude matches (globs relative to root, matched against the path
// and the file name). A file named explicitly is always included. Paths
// that do not exist or cannot be read are errors; the rest is still found.
func Find(paths []string, root string, exclude []string) ([]string, []error) {
	var files []string
	var errs []error
	excluded := func(p string) bool { return matchesExclude(p, root, exclude) }
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, ioError(p, err))
			continue
		}
		if !info.IsDir() {
			files = append(files, filepath.Clean(p))
			continue
		}
		err = filepath.WalkDir(p, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, ioError(path, err))
				return nil
			}
			name := e.Name()
			if e.IsDir() {
				if path != p && (skippedDir(name) || isSite(path)) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || name == ConfigName || !isYAML(name) || excluded(path) {
				return nil
			}
			if e.Type()&fs.ModeSymlink != 0 {
				target, err := os.Stat(path)
				if err != nil {
					errs = append(errs, ioError(path, err))
					return nil
				}
				if !target.Mode().IsRegular() {
					return nil
				}
			} else if !e.Type().IsRegular() {
				return nil
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			errs = append(errs, ioError(p, err))
		}
	}
	sort.Strings(files)
	files = dedupe(files)
	return files, errs
}

// Wanted reports whether a file found some other way (a changed file in
// git) is a deal file by the rules Find applies: a YAML file, not the
// configuration, not hidden or under a hidden or vendored folder, not
// excluded.
func Wanted(path, root string, exclude []string) bool {
	name := filepath.Base(path)
	if !isYAML(name) || name == ConfigName || strings.HasPrefix(name, ".") || matchesExclude(path, root, exclude) {
		return false
	}
	rel := path
	if r, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(r, "..") {
		rel = r
	}
	dirs := strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/")
	for _, d := range dirs {
		if d != "." && d != ".." && skippedDir(d) {
			return false
		}
	}
	return true
}

func skippedDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor"
}

// matchesExclude matches the exclude globs against the path relative to
// root and against the file name.
func matchesExclude(p, root string, exclude []string) bool {
	rel := filepath.ToSlash(p)
	if r, err := filepath.Rel(root, p); err == nil {
		rel = filepath.ToSlash(r)
	}
	for _, g := range exclude {
		if ok, _ := filepath.Match(g, rel); ok {
			return true
		}
		if ok, _ := filepath.Match(g, filepath.Base(p)); ok {
			return true
		}
	}
	return false
}

func isYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

func isSite(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, SiteMarker))
	return err == nil
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, f := range sorted {
		if i == 0 || f != sorted[i-1] {
			out = append(out, f)
		}
	}
	return out
}

// ReadID reads only a deal's id, from its top-level "id:" line, without
// parsing the file: cross-file checks need every id, and parsing a large
// repository to get them would cost what linting it does. A file whose id
// line is not plain is parsed after all.
func ReadID(file string) (Text, error) {
	data, err := Read(file)
	if err != nil {
		return Text{}, err
	}
	if id, ok := quickID(data); ok {
		return id, nil
	}
	d, _ := Parse(file, data)
	if d == nil {
		return Text{}, nil
	}
	return d.ID, nil
}

func quickID(data []byte) (Text, bool) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	var found Text
	line := 0
	for len(data) > 0 {
		line++
		end := bytes.IndexByte(data, '\n')
		var l []byte
		if end < 0 {
			l, data = data, nil
		} else {
			l, data = data[:end], data[end+1:]
		}
		l = bytes.TrimRight(l, "\r")
		if !bytes.HasPrefix(l, []byte("id:")) {
			if bytes.HasPrefix(l, []byte("---")) && line > 1 || bytes.HasPrefix(l, []byte("...")) {
				return Text{}, false // several documents: let the parser say so
			}
			continue
		}
		if found.Set() {
			return Text{}, false // a duplicate key: let the parser say so
		}
		rest := l[3:]
		value := bytes.TrimLeft(rest, " ")
		col := 4 + len(rest) - len(value)
		if i := bytes.Index(value, []byte(" #")); i >= 0 {
			value = value[:i]
		}
		value = bytes.TrimSpace(value)
		if n := len(value); n >= 2 && (value[0] == '\'' || value[0] == '"') && value[n-1] == value[0] {
			value = value[1 : n-1] // the position stays on the quote, as the parser's does
		}
		if len(value) == 0 || !plainID(value) {
			return Text{}, false
		}
		found = Text{Value: string(value), Pos: source.Pos{Line: line, Col: col}}
	}
	return found, found.Set()
}

// plainID accepts what the schema accepts as an id, so that the quick
// read never returns an id the parser would reject.
func plainID(b []byte) bool {
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return len(b) <= 80
}
