package render

import "sync"

// Site is a whole site held in memory, as BuildMemory makes it: the files
// Build would write into the output folder, by their slash-separated path
// in the site ("index.html", "deals/acme-erp-2027.html", "assets/app.js").
// A Site is never modified once built, so it may be read concurrently.
type Site struct {
	files map[string][]byte
}

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
	m := &memSink{files: map[string][]byte{}}
	res, err := j.run(m)
	if err != nil {
		return nil, nil, err
	}
	return &Site{files: m.files}, res, nil
}

// Open returns the content of the file at name, and whether the site has
// it. The content is shared: the caller must not modify it.
func (s *Site) Open(name string) ([]byte, bool) {
	data, ok := s.files[name]
	return data, ok
}

// Names lists the site's files, sorted.
func (s *Site) Names() []string {
	return sortedKeys(s.files)
}

// memSink keeps the site's files in a map; deal pages are written from
// several goroutines at once.
type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memSink) write(name string, data []byte) error {
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}
