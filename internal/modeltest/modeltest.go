// Package modeltest checks a typed model against the JSON Schema of the files it is decoded from, for tests.
package modeltest

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/source"
)

// Model describes how a model is checked against its schema.
type Model struct {
	// Enums are the values of each enumeration type of the model.
	Enums map[reflect.Type][]string
	// Leaves are types that decode a scalar themselves (with
	// source.NodeDecoder), by the schema type they stand for; an enum
	// schema's values come from Enums.
	Leaves map[reflect.Type]string
	// Subsets are the schema locations whose enum may be a part of its
	// type's values (a threshold that cannot be "none").
	Subsets map[string]bool
	// Opaque are the schema locations of values kept as written (a deal
	// given as an example), whose type decodes itself from the node.
	Opaque map[string]bool
}

var (
	posType     = reflect.TypeFor[source.Pos]()
	decoderType = reflect.TypeFor[source.NodeDecoder]()
)

// Compare fails t for every property of the schema (the parsed JSON of a
// draft-07 schema) that has no field in the model, every field that is no
// property, every type that does not fit, and every enum that differs from
// its type's values.
func (m Model) Compare(t testing.TB, schema map[string]any, model reflect.Type) {
	t.Helper()
	m.compare(t, "", schema, model)
}

func (m Model) compare(t testing.TB, at string, s map[string]any, typ reflect.Type) {
	t.Helper()
	where := at
	if where == "" {
		where = "/"
	}
	if m.Opaque[where] {
		if !reflect.PointerTo(typ).Implements(decoderType) {
			t.Errorf("%s: a value kept as written, but %s does not decode itself", where, typ)
		}
		return
	}
	switch kind := s["type"].(type) {
	case []any:
		// A value of several types (a name, or a mapping that says more)
		// must fit each of them: a type that decodes itself is a leaf of
		// its scalar type and a struct of the mapping's fields.
		for _, k := range kind {
			one := make(map[string]any, len(s))
			for key, v := range s {
				one[key] = v
			}
			one["type"] = k
			m.compare(t, at, one, typ)
		}
		return
	}
	switch s["type"] {
	case "object":
		if props, ok := s["properties"].(map[string]any); ok {
			m.object(t, at, props, typ)
			return
		}
		ap, ok := s["additionalProperties"].(map[string]any)
		if !ok {
			t.Errorf("%s: an object with neither properties nor additionalProperties", where)
			return
		}
		if typ.Kind() != reflect.Map || typ.Key().Kind() != reflect.String {
			t.Errorf("%s: a map in the schema, %s in the model", where, typ)
			return
		}
		m.compare(t, at+"/*", ap, typ.Elem())
	case "array":
		items, _ := s["items"].(map[string]any)
		elem, ok := listElem(typ)
		if !ok {
			t.Errorf("%s: a list in the schema, %s in the model", where, typ)
			return
		}
		m.compare(t, at+"/[]", items, elem)
	case "string", "number", "integer", "boolean":
		m.scalar(t, where, s, typ)
	default:
		t.Errorf("%s: schema type %v is not checked", where, s["type"])
	}
}

func (m Model) object(t testing.TB, at string, props map[string]any, typ reflect.Type) {
	t.Helper()
	if typ.Kind() != reflect.Struct {
		t.Errorf("%s: an object in the schema, %s in the model", at, typ)
		return
	}
	fields := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(typ) {
		tag, ok := f.Tag.Lookup("yaml")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		if opt == "at" || opt == "pos" {
			if f.Type != posType {
				t.Errorf("%s.%s: a position tag on %s", typ, f.Name, f.Type)
			}
			continue
		}
		if name != "" {
			fields[name] = f
		}
	}
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := fields[name]
		if !ok {
			t.Errorf("%s/%s: the schema's property has no field in %s: it would decode to nothing", at, name, typ)
			continue
		}
		m.compare(t, at+"/"+name, props[name].(map[string]any), f.Type)
	}
	for name, f := range fields {
		if _, ok := props[name]; !ok {
			t.Errorf("%s.%s (yaml %q): no such property at %s of the schema", typ, f.Name, name, at)
		}
	}
}

// listElem is the item type of a []T or of a source.List[T].
func listElem(typ reflect.Type) (reflect.Type, bool) {
	if typ.Kind() == reflect.Slice {
		return typ.Elem(), true
	}
	return source.ListOf(typ)
}

func (m Model) scalar(t testing.TB, where string, s map[string]any, typ reflect.Type) {
	t.Helper()
	kind := s["type"].(string)
	// A value with a position (source.Scalar[T]) is its value's type.
	if value, ok := source.ScalarOf(typ); ok {
		typ = value
	} else if typ.Kind() == reflect.Struct && reflect.PointerTo(typ).Implements(decoderType) {
		if want, ok := m.Leaves[typ]; ok {
			if want != kind {
				t.Errorf("%s: schema %s, model %s decodes %s", where, kind, typ, want)
			}
			m.enum(t, where, s, typ)
			return
		}
		t.Errorf("%s: %s decodes itself but is no known leaf", where, typ)
		return
	}
	ok := false
	switch kind {
	case "string":
		ok = typ.Kind() == reflect.String
	case "number":
		ok = typ.Kind() == reflect.Float64
	case "integer":
		ok = typ.Kind() == reflect.Int || typ.Kind() == reflect.Int64
	case "boolean":
		ok = typ.Kind() == reflect.Bool
	}
	if !ok {
		t.Errorf("%s: schema %s, model %s", where, kind, typ)
		return
	}
	m.enum(t, where, s, typ)
}

func (m Model) enum(t testing.TB, where string, s map[string]any, typ reflect.Type) {
	t.Helper()
	raw, hasEnum := s["enum"].([]any)
	values, isEnum := m.Enums[typ]
	switch {
	case !hasEnum && !isEnum:
		if typ.Kind() == reflect.String && typ.Name() != "string" && typ.PkgPath() != "" {
			t.Errorf("%s: %s is a named string type the schema gives no values: make it string, or add its values to the schema", where, typ)
		}
		return
	case hasEnum && !isEnum:
		t.Errorf("%s: the schema lists values %v, but the model's %s is not an enumeration", where, raw, typ)
		return
	case !hasEnum && isEnum:
		t.Errorf("%s: the model's %s is an enumeration, but the schema lists no values", where, typ)
		return
	}
	var schemaValues []string
	for _, v := range raw {
		schemaValues = append(schemaValues, fmt.Sprint(v))
	}
	if m.Subsets[where] {
		for _, v := range schemaValues {
			if !slices.Contains(values, v) {
				t.Errorf("%s: the schema allows %q, which %s does not define", where, v, typ)
			}
		}
		return
	}
	a, b := slices.Clone(schemaValues), slices.Clone(values)
	sort.Strings(a)
	sort.Strings(b)
	if !slices.Equal(a, b) {
		t.Errorf("%s: the schema's values %v differ from %s's %v", where, schemaValues, typ, values)
	}
}
