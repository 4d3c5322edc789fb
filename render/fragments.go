package render

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
)

// fragments are the parts of the pages of the whole pipeline that show one
// deal each (a card of the board, a row of the Needs attention table),
// rendered once and kept while the deal's summary is the same: a live
// site renders those pages again at every change of a deal, and their
// 10,000 cards and rows are most of the work. A build without a Live
// renders every fragment once and keeps none.
type fragments struct {
	// last are the fragments the previous update used; now those this
	// one uses, which the next one starts from (so that a deal that went
	// takes its fragments with it).
	last map[fragmentKey]template.HTML
	mu   sync.Mutex
	now  map[fragmentKey]template.HTML
}

// fragmentKey names a fragment: the deal's summary (the same pointer for
// the same summary, live.go), the kind of fragment, and what else it shows
// in text (its place among the board's options, its owner's team, the
// page's way back to the root).
type fragmentKey struct {
	d    *dealInfo
	kind string
	text string
}

// next is the set an update starts from: this one's fragments.
func (f *fragments) next() *fragments {
	if f == nil {
		return &fragments{now: map[fragmentKey]template.HTML{}}
	}
	return &fragments{last: f.now, now: make(map[fragmentKey]template.HTML, len(f.now))}
}

// fragment renders the template name of t with what data makes, or takes
// it from the last update under key (and then makes nothing).
func (b *builder) fragment(key fragmentKey, t *template.Template, name string, data func() any) (template.HTML, error) {
	f := b.frags
	if f != nil {
		if h, ok := f.last[key]; ok {
			f.keep(key, h)
			return h, nil
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data()); err != nil {
		return "", fmt.Errorf("rendering %s: %w", name, err)
	}
	h := template.HTML(buf.String()) // the template's own escaped output
	if f != nil {
		f.keep(key, h)
	}
	return h, nil
}

func (f *fragments) keep(key fragmentKey, h template.HTML) {
	f.mu.Lock()
	f.now[key] = h
	f.mu.Unlock()
}
