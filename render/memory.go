package render

import (
	"bytes"
	"compress/gzip"
	"io"
	"sync"
)

// Site is a whole site held in memory, as BuildMemory and Live make it:
// the files Build would write into the output folder, by their
// slash-separated path in the site ("index.html",
// "deals/acme-erp-2027.html", "assets/app.js"). Each file is kept
// gzip-compressed (but the few largest): the pages of 10,000 deals are
// 300 MB as they are and a quarter of that compressed. A Site is never
// modified once built, so it may be read concurrently, and two sites
// share the files they have in common.
type Site struct {
	files map[string]*siteFile
}

// siteFile is one file of a site: compressed (gz), or as it is.
type siteFile struct {
	data []byte
	gz   bool
	size int // the length of the file as it is
}

// keptAsIs is the size from which a file is kept as it is: the few pages
// that large are those of the whole pipeline (the board, Needs attention),
// which a live site renders again at nearly every save and a server opens
// at every request, for a few megabytes.
const keptAsIs = 1 << 20

// BuildMemory renders the site in memory instead of into a folder, for
// serving it; opts.Out is not used. It is the same build as Build's and
// gives the same files, byte for byte.
func BuildMemory(opts Options) (*Site, *Result, error) {
	b, err := New(opts)
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	return b.BuildMemory()
}

// BuildMemory renders the site in memory, as the package's BuildMemory.
func (b *Builder) BuildMemory() (*Site, *Result, error) {
	j, err := b.prepare()
	if err != nil {
		return nil, nil, err
	}
	m := newMemSink()
	res, err := j.run(m)
	if err != nil {
		return nil, nil, err
	}
	return &Site{files: m.files}, res, nil
}

// Open returns the content of the file at name, and whether the site has
// it. It is a copy, the caller's to keep or modify.
func (s *Site) Open(name string) ([]byte, bool) {
	f, ok := s.files[name]
	if !ok {
		return nil, false
	}
	return f.open(), true
}

// Has reports whether the site has a file at name.
func (s *Site) Has(name string) bool {
	_, ok := s.files[name]
	return ok
}

// Gzip returns the file at name compressed with gzip, as a response with
// Content-Encoding: gzip carries it, when the site keeps it so (all but
// the largest pages). The bytes are shared: the caller must not modify
// them.
func (s *Site) Gzip(name string) ([]byte, bool) {
	f, ok := s.files[name]
	if !ok || !f.gz {
		return nil, false
	}
	return f.data, true
}

// Names lists the site's files, sorted.
func (s *Site) Names() []string {
	return sortedKeys(s.files)
}

// gzipWriters are reused: a new writer allocates most of a megabyte, and
// a site is 15,000 files.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// compress makes a file of the site, compressed unless it is one of the
// largest. The fastest level is used: a page is compressed every time it
// is rendered, and ratios barely differ on HTML.
func compress(data []byte) *siteFile {
	if len(data) >= keptAsIs {
		return &siteFile{data: bytes.Clone(data), size: len(data)}
	}
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	// Writes to a bytes.Buffer do not fail.
	_, _ = w.Write(data)
	_ = w.Close()
	gzipWriters.Put(w)
	// A copy of the exact size: the buffer's spare room would be kept for
	// as long as the page.
	return &siteFile{data: bytes.Clone(buf.Bytes()), gz: true, size: len(data)}
}

var gzipReaders sync.Pool

// open is a copy of the file as it is.
func (f *siteFile) open() []byte {
	if !f.gz {
		return bytes.Clone(f.data)
	}
	out := make([]byte, f.size)
	r, _ := gzipReaders.Get().(*gzip.Reader)
	var err error
	if r == nil {
		r, err = gzip.NewReader(bytes.NewReader(f.data))
	} else {
		err = r.Reset(bytes.NewReader(f.data))
	}
	if err == nil {
		// The data was compressed here, in memory: it reads back whole.
		_, err = io.ReadFull(r, out)
	}
	if err != nil {
		panic("render: a file of the site does not decompress: " + err.Error())
	}
	gzipReaders.Put(r)
	return out
}

// memSink keeps the site's files in a map, compressed; pages are written
// from several goroutines at once. A file written twice keeps the last
// content.
type memSink struct {
	mu    sync.Mutex
	files map[string]*siteFile
}

func newMemSink() *memSink { return &memSink{files: map[string]*siteFile{}} }

func (m *memSink) write(name string, data []byte) error {
	f := compress(data) // on the caller's goroutine: on all cores
	m.mu.Lock()
	m.files[name] = f
	m.mu.Unlock()
	return nil
}
