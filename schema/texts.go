package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// translations holds the schemas' descriptions in other languages than
// English: NAME.schema.LANG.yaml, keyed by the JSON pointer of the schema
// node each text belongs to.
//
//go:embed *.schema.*.yaml
var translations embed.FS

// texts are what a schema node says to people, in one language.
type texts struct {
	Description      string   `yaml:"description"`
	EnumDescriptions []string `yaml:"enumDescriptions"`
}

// catalog is a schema's texts in one language, by JSON pointer.
type catalog map[string]texts

// loadTranslations reads the translations of the schema NAME.schema.json,
// by language.
func loadTranslations(name string) (map[string]catalog, error) {
	prefix := strings.TrimSuffix(name, ".json") + "."
	files, err := fs.Glob(translations, prefix+"*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]catalog{}
	for _, file := range files {
		lang := strings.TrimSuffix(strings.TrimPrefix(file, prefix), ".yaml")
		data, err := translations.ReadFile(file)
		if err != nil {
			return nil, err
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		var c catalog
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		out[lang] = c
	}
	return out, nil
}

// description is the node's description in lang, else in English.
func (s *Schema) description(n *node, lang string) string {
	if t, ok := s.translations[lang][n.ptr]; ok && t.Description != "" {
		return t.Description
	}
	return n.text("description")
}

// enumDescriptions are the node's enumDescriptions in lang, else in
// English.
func (s *Schema) enumDescriptions(n *node, lang string) []string {
	var en []string
	if list := n.get("enumDescriptions"); list != nil && list.kind == '[' {
		for _, e := range list.elems {
			en = append(en, e.str)
		}
	}
	if t, ok := s.translations[lang][n.ptr]; ok && len(t.EnumDescriptions) == len(en) {
		return append([]string(nil), t.EnumDescriptions...)
	}
	return en
}

// JSONIn returns the schema document with its descriptions (and the
// markdownDescriptions, which repeat them) and enumDescriptions in lang
// ("zh"): "en", or a language it has no texts in, gives JSON() itself, as
// does any schema of Compile. Everything else, the order of the keys and
// the layout, is the source's; a text not translated stays English.
func (s *Schema) JSONIn(lang string) []byte {
	c := s.translations[lang]
	if len(c) == 0 {
		return s.JSON()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if doc, ok := s.inLang[lang]; ok {
		return bytes.Clone(doc)
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	var walk func(n *node)
	walk = func(n *node) {
		switch n.kind {
		case '{':
			if t, ok := c[n.ptr]; ok {
				if t.Description != "" {
					for _, key := range []string{"description", "markdownDescription"} {
						if v := n.get(key); v != nil && v.kind == '"' {
							edits = append(edits, edit{v.start, v.end, t.Description})
						}
					}
				}
				if list := n.get("enumDescriptions"); list != nil && list.kind == '[' && len(list.elems) == len(t.EnumDescriptions) {
					for i, v := range list.elems {
						if v.kind == '"' {
							edits = append(edits, edit{v.start, v.end, t.EnumDescriptions[i]})
						}
					}
				}
			}
			for _, k := range n.keys {
				walk(n.props[k])
			}
		case '[':
			for _, e := range n.elems {
				walk(e)
			}
		}
	}
	walk(s.root)
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(s.source[last:e.start])
		b.Write(jsonString(e.text))
		last = e.end
	}
	b.Write(s.source[last:])
	if s.inLang == nil {
		s.inLang = map[string][]byte{}
	}
	s.inLang[lang] = b.Bytes()
	return bytes.Clone(b.Bytes())
}

// jsonString is s as a JSON string, written as the schema files write
// theirs: UTF-8 as it is, only what JSON requires escaped.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a string always encodes
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
