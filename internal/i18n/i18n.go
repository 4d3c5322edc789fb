// Package i18n holds the texts people read, one catalog file per language, and puts values into them.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Lang is a language deals speaks.
type Lang string

const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// Langs lists the languages every catalog is complete in, English first.
var Langs = []Lang{English, Chinese}

// Codes are the language codes people type: en, zh.
func Codes() []string {
	out := make([]string, len(Langs))
	for i, l := range Langs {
		out[i] = string(l)
	}
	return out
}

// Parse reads a language code: en or zh, also with a region (zh-CN,
// zh_TW, en-US) as locales name them.
func Parse(s string) (Lang, error) {
	base := strings.ToLower(s)
	if i := strings.IndexAny(base, "-_."); i >= 0 {
		base = base[:i]
	}
	for _, l := range Langs {
		if base == string(l) {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown language %q: use %s", s, strings.Join(Codes(), " or "))
}

// Tag is the BCP 47 tag of the language, for an html lang attribute.
func (l Lang) Tag() string {
	if l == Chinese {
		return "zh-CN"
	}
	return string(l)
}

// Catalog is a set of texts by key, in every language: one YAML file per
// language (en.yaml, zh.yaml) whose nested keys join with dots, so that
//
//	nav:
//	  pipeline: Pipeline
//
// is the text of nav.pipeline. A text with a count has a form for one and
// one for other counts:
//
//	deals: {one: "{count} deal", other: "{count} deals"}
type Catalog struct {
	fsys fs.FS
	dir  string

	// Each language's file is read the first time a text of it is asked
	// for: a command that speaks English never parses the Chinese file.
	langs map[Lang]*langTexts
}

type langTexts struct {
	once  sync.Once
	texts map[string]entry
	err   error
}

type entry struct {
	text, one string
}

// New is the catalog of the files en.yaml, zh.yaml, ... in dir of fsys;
// they are read when a text is first asked for.
func New(fsys fs.FS, dir string) *Catalog {
	c := &Catalog{fsys: fsys, dir: dir, langs: map[Lang]*langTexts{}}
	for _, l := range Langs {
		c.langs[l] = &langTexts{}
	}
	return c
}

// texts are the texts of one language, read on first use.
func (c *Catalog) texts(l Lang) map[string]entry {
	lt := c.langs[l]
	if lt == nil {
		return nil
	}
	lt.once.Do(func() {
		lt.texts = map[string]entry{}
		name := path.Join(c.dir, string(l)+".yaml")
		data, err := fs.ReadFile(c.fsys, name)
		if err != nil {
			lt.err = err
			return
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			lt.err = fmt.Errorf("%s: %w", name, err)
			return
		}
		if len(root.Content) == 1 {
			if err := flatten(lt.texts, "", root.Content[0]); err != nil {
				lt.err = fmt.Errorf("%s: %w", name, err)
			}
		}
	})
	return lt.texts
}

// Err is what went wrong reading the catalog's files: an embedded catalog
// that does not read is a defect, which its package's tests report.
func (c *Catalog) Err() error {
	var errs []error
	for _, l := range Langs {
		c.texts(l)
		errs = append(errs, c.langs[l].err)
	}
	return errors.Join(errs...)
}

func flatten(m map[string]entry, prefix string, n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		m[prefix] = entry{text: n.Value}
		return nil
	case yaml.MappingNode:
		if plural(n) {
			var e entry
			for i := 0; i+1 < len(n.Content); i += 2 {
				switch n.Content[i].Value {
				case "one":
					e.one = n.Content[i+1].Value
				case "other":
					e.text = n.Content[i+1].Value
				}
			}
			m[prefix] = e
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			if prefix != "" {
				key = prefix + "." + key
			}
			if _, dup := m[key]; dup {
				return fmt.Errorf("line %d: %s is written twice", n.Content[i].Line, key)
			}
			if err := flatten(m, key, n.Content[i+1]); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("line %d: %s: a text must be a string or a mapping", n.Line, prefix)
}

// plural reports whether a mapping holds the forms of one text: other,
// and maybe one.
func plural(n *yaml.Node) bool {
	other := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "one":
		case "other":
			other = true
		default:
			return false
		}
		if n.Content[i+1].Kind != yaml.ScalarNode {
			return false
		}
	}
	return other
}

// Keys lists the keys of a language, sorted.
func (c *Catalog) Keys(l Lang) []string {
	texts := c.texts(l)
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Lookup is the text of key in a language, as written (for plural texts,
// the form for other counts), and whether there is one.
func (c *Catalog) Lookup(l Lang, key string) (string, bool) {
	e, ok := c.texts(l)[key]
	return e.text, ok
}

// Forms are the plural forms of key: the form for one ("" when the text
// has none of its own) and the form for other counts.
func (c *Catalog) Forms(l Lang, key string) (one, other string) {
	e := c.texts(l)[key]
	return e.one, e.text
}

// Printer writes the texts of catalogs in one language.
type Printer struct {
	Lang Lang
	cats []*Catalog
}

// Printer is the printer of the catalog's texts in l; more catalogs are
// looked in, in order, for keys the first lacks.
func (c *Catalog) Printer(l Lang, more ...*Catalog) Printer {
	return Printer{Lang: l, cats: append([]*Catalog{c}, more...)}
}

func (p Printer) entry(key string) (entry, bool) {
	for _, c := range p.cats {
		if e, ok := c.texts(p.Lang)[key]; ok {
			return e, true
		}
		if p.Lang != English {
			if e, ok := c.texts(English)[key]; ok {
				return e, true // a gap in a translation shows in English, never blank
			}
		}
	}
	return entry{}, false
}

// Has reports whether key has a text.
func (p Printer) Has(key string) bool {
	_, ok := p.entry(key)
	return ok
}

// T is the text of key with args put in. args are name, value pairs:
//
//	T("pipeline.summary", "count", 3, "total", "1,200 USD")
//
// fills {count} and {total}. {name:q} quotes the value as Go's %q does;
// a []string is joined as a list ("a, b, c"), {name:and} joins it as
// people write a list ("a, b and c"; "a、b和c"), {name:or} as they write
// alternatives ("a, b or c"; "a、b或c") and {name:q} quotes each item.
// An Msg or a Localized error is written in p's language. A count named "count"
// picks the text's form for one. A missing key shows as itself, so a gap
// is visible rather than blank.
func (p Printer) T(key string, args ...any) string {
	e, ok := p.entry(key)
	if !ok {
		return key
	}
	s := e.text
	if e.one != "" && countIsOne(args) {
		s = e.one
	}
	if len(args) == 0 {
		return s
	}
	return p.Format(s, args...)
}

// Format puts args (name, value pairs, as for T) into a text.
func (p Printer) Format(s string, args ...any) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		name, verb, _ := strings.Cut(s[open+1:open+end], ":")
		v, found := arg(args, name)
		b.WriteString(s[:open])
		if found {
			text := p.value(v, verb)
			if p.Lang == Chinese {
				// Chinese sets a Latin word or a number apart from the
				// characters around it with a space: "close.next_step 缺少",
				// "共 3 个". The catalog cannot, where the value may be
				// either ("这个商机缺少").
				if cjkEnd(b.String()) && !dateUnitEnd(b.String()) && latinStart(text) {
					b.WriteByte(' ')
				}
				rest := s[open+end+1:]
				b.WriteString(text)
				if latinEnd(text) && cjkStart(rest) && !dateUnitStart(rest) {
					b.WriteByte(' ')
				}
			} else {
				b.WriteString(text)
			}
		} else {
			b.WriteString(s[open : open+end+1])
		}
		s = s[open+end+1:]
	}
}

// Dates keep their numbers tight: 2027年2月.
func dateUnitStart(s string) bool {
	return strings.HasPrefix(s, "年") || strings.HasPrefix(s, "月") || strings.HasPrefix(s, "日")
}

func dateUnitEnd(s string) bool {
	return strings.HasSuffix(s, "年") || strings.HasSuffix(s, "月")
}

func latinStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func latinEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func cjkStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

func cjkEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

func arg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func countIsOne(args []any) bool {
	v, ok := arg(args, "count")
	if !ok {
		return false
	}
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	case float64:
		return n == 1
	}
	return false
}

// Msg is a text of a catalog with its values, put into another text as
// one of its values, or kept to be written later in whatever language the
// reader reads.
type Msg struct {
	Key  string
	Args []any
}

// M is the Msg of key with args.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// In is the text in p's language.
func (m Msg) In(p Printer) string { return p.T(m.Key, m.Args...) }

func (p Printer) value(v any, verb string) string {
	switch x := v.(type) {
	case Localized:
		return x.In(p)
	case Msg:
		if verb == "q" {
			return strconv.Quote(x.In(p))
		}
		return x.In(p)
	case []Msg:
		items := make([]string, len(x))
		for i, m := range x {
			items[i] = m.In(p)
		}
		return p.list(items, verb)
	case []string:
		return p.list(x, verb)
	case string:
		if verb == "q" {
			return strconv.Quote(x)
		}
		return x
	case fmt.Stringer:
		if verb == "q" {
			return strconv.Quote(x.String())
		}
		return x.String()
	}
	if verb == "q" {
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprint(v)
}

// Join writes items as a plain list: "a, b, c"; in Chinese "a、b、c".
func (p Printer) Join(items []string) string {
	if p.Lang == Chinese {
		return strings.Join(items, "、")
	}
	return strings.Join(items, ", ")
}

// list writes items as the verb says: {x:and}, {x:or}, or joined.
func (p Printer) list(items []string, verb string) string {
	switch verb {
	case "and":
		return p.And(items)
	case "or":
		return p.Or(items)
	case "q":
		quoted := make([]string, len(items))
		for i, s := range items {
			quoted[i] = strconv.Quote(s)
		}
		return p.Join(quoted)
	}
	return p.Join(items)
}

// Or writes alternatives as people write them: "a, b or c"; in Chinese "a、b或c".
func (p Printer) Or(items []string) string { return p.series(items, " or ", "或") }

// And writes items as people write a list: "a, b and c"; in Chinese "a、b和c".
func (p Printer) And(items []string) string { return p.series(items, " and ", "和") }

// series joins items with commas and the last two with a conjunction.
func (p Printer) series(items []string, en, zh string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	last := items[len(items)-1]
	if p.Lang == Chinese {
		return strings.Join(items[:len(items)-1], "、") + zh + last
	}
	return strings.Join(items[:len(items)-1], ", ") + en + last
}

// Mismatches are what keeps a catalog from being the same in every
// language: a key English has and another language lacks (or leaves
// empty), a key only another language has, and a text whose placeholders
// differ from English's. Tests of every catalog call it.
func (c *Catalog) Mismatches() []string {
	var out []string
	en := c.Keys(English)
	for _, lang := range Langs[1:] {
		for _, k := range en {
			a, _ := c.Lookup(English, k)
			b, ok := c.Lookup(lang, k)
			if !ok || b == "" {
				out = append(out, fmt.Sprintf("%s lacks %s", lang, k))
				continue
			}
			if pa, pb := Placeholders(a), Placeholders(b); !slices.Equal(pa, pb) {
				out = append(out, fmt.Sprintf("%s: placeholders %v in English, %v in %s", k, pa, pb, lang))
			}
		}
		for _, k := range c.Keys(lang) {
			if _, ok := c.Lookup(English, k); !ok {
				out = append(out, fmt.Sprintf("%s has %s, which English lacks", lang, k))
			}
		}
	}
	return out
}

var placeholder = regexp.MustCompile(`\{([a-zA-Z]+(?::[a-z]+)?)\}`)

// Placeholders are the distinct placeholders of a text, sorted:
// "{count} of {what:and}" has count and what:and.
func Placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}
