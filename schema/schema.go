// Package schema holds the JSON Schemas (draft-07) of deal files and of deals.config.yaml.
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

//go:embed deal.schema.json
var dealJSON []byte

//go:embed config.schema.json
var configJSON []byte

// Schema is a compiled JSON Schema together with its source, which is kept
// so that errors can be explained with the schema's own descriptions.
type Schema struct {
	source   []byte
	compiled *jsonschema.Schema
	check    *cnode // nil when the schema has a keyword the checker does not know
	raw      map[string]any
	root     *node // the source, its keys in order

	// translations are the descriptions in languages other than English,
	// by language; inLang caches JSONIn.
	translations map[string]catalog
	mu           sync.Mutex
	inLang       map[string][]byte
}

var (
	dealOnce, configOnce     sync.Once
	dealSchema, configSchema *Schema
)

// Deal returns the schema of a deal file.
func Deal() *Schema {
	dealOnce.Do(func() { dealSchema = mustCompile("deal.schema.json", dealJSON) })
	return dealSchema
}

// Config returns the schema of deals.config.yaml.
func Config() *Schema {
	configOnce.Do(func() { configSchema = mustCompile("config.schema.json", configJSON) })
	return configSchema
}

// mustCompile panics because the schemas and their translations are
// embedded: a broken one is a build defect caught by the package tests,
// never a user error.
func mustCompile(name string, src []byte) *Schema {
	s, err := Compile(name, src)
	if err != nil {
		panic(err)
	}
	if s.translations, err = loadTranslations(name); err != nil {
		panic(err)
	}
	return s
}

// Compile compiles a draft-07 schema document.
func Compile(name string, src []byte) (*Schema, error) {
	var raw map[string]any
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	root, err := parseTree(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	checked, err := withoutDatePatterns(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := c.AddResource(name, bytes.NewReader(checked)); err != nil {
		return nil, err
	}
	compiled, err := c.Compile(name)
	if err != nil {
		return nil, err
	}
	return &Schema{source: src, compiled: compiled, check: compileCheck(checked), raw: raw, root: root}, nil
}

// JSON returns the schema document, its texts in English.
func (s *Schema) JSON() []byte { return bytes.Clone(s.source) }

// Validate checks a value made of map[string]any, []any, string, bool,
// float64, int64 and nil. A failure is a *jsonschema.ValidationError.
func (s *Schema) Validate(v any) error { return s.compiled.Validate(v) }

// At returns the subschema at a keyword location such as
// "/properties/account/additionalProperties", or nil.
func (s *Schema) At(keywordLocation string) map[string]any {
	var cur any = s.raw
	for _, tok := range strings.Split(strings.TrimPrefix(keywordLocation, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

// withoutDatePatterns is the schema less the patterns of its date fields,
// for the validator deals runs. The pattern is there for editors, whose
// checkers do not assert "format": "date" and would take 2027-02-30; deals
// asserts the format itself (a real calendar day, leap years included),
// and a regular expression run on every date of every deal is a seventh
// of the time a lint takes.
func withoutDatePatterns(src []byte) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["format"] == "date" {
				delete(v, "pattern")
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	return json.Marshal(doc)
}

// Keys are the names of every property the schema describes, at any
// depth, each once: the keys a valid document is made of.
func (s *Schema) Keys() []string {
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for k := range props {
					seen[k] = true
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(s.raw)
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
