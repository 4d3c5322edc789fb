package source

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// NodeDecoder is a value that decodes itself from a YAML node: a text or
// a list that keeps where it was written. key is the node of the mapping
// key the value is under, nil for a list item or the document.
type NodeDecoder interface {
	DecodeNode(key, value *yaml.Node)
}

// Decode fills the struct v points to from the mapping n, by the yaml tags
// of its fields, so that a model is described once, by its struct. It is
// lenient: what has the wrong shape is left as it is, for the schema to
// report; what has the right shape is decoded. Aliases are followed.
//
// Besides the usual yaml:"name" tags, two options keep positions:
//
//	At      source.Pos `yaml:",at"`         where the struct was written: its key, or the item of a list
//	ValueAt source.Pos `yaml:"value,pos"`   where the value of key "value" was written
//
// Fields tagged yaml:"-", and untagged ones, are not decoded. Embedded
// structs (untagged) add their fields to the struct's. A field whose
// address implements NodeDecoder decodes itself; otherwise strings,
// numbers, booleans, slices, string-keyed maps and structs are decoded.
func Decode(n *yaml.Node, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("source.Decode: not a pointer: " + rv.Type().String())
	}
	decodeValue(nil, n, rv.Elem())
}

// DecodeItem decodes n, the item of a list or the value under key, into
// the value v points to, by the rules of Decode.
func DecodeItem(key, n *yaml.Node, v any) {
	decodeValue(key, n, reflect.ValueOf(v).Elem())
}

// plan is how one struct type decodes: its fields by key, and where its
// positions go. It is made once per type.
type plan struct {
	fields map[string][]int
	at     []int
	pos    map[string][]int
}

var plans sync.Map // reflect.Type -> *plan

var (
	posType     = reflect.TypeFor[Pos]()
	decoderType = reflect.TypeFor[NodeDecoder]()
)

func planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	p := &plan{fields: map[string][]int{}, pos: map[string][]int{}}
	for _, f := range reflect.VisibleFields(t) {
		tag, tagged := f.Tag.Lookup("yaml")
		if !tagged || tag == "-" || !f.IsExported() {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		switch {
		case opt == "at" && f.Type == posType:
			p.at = f.Index
		case opt == "pos" && f.Type == posType:
			p.pos[name] = f.Index
		case name != "":
			p.fields[name] = f.Index
		}
	}
	actual, _ := plans.LoadOrStore(t, p)
	return actual.(*plan)
}

func decodeValue(key, n *yaml.Node, v reflect.Value) {
	n = Deref(n)
	if v.CanAddr() && v.Addr().Type().Implements(decoderType) {
		v.Addr().Interface().(NodeDecoder).DecodeNode(key, n)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		p := planOf(v.Type())
		if p.at != nil {
			at := n
			if key != nil {
				at = key
			}
			v.FieldByIndex(p.at).Set(reflect.ValueOf(At(at)))
		}
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := Deref(n.Content[i]), n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if idx, ok := p.fields[k.Value]; ok {
				decodeValue(k, val, v.FieldByIndex(idx))
			}
			if idx, ok := p.pos[k.Value]; ok {
				v.FieldByIndex(idx).Set(reflect.ValueOf(At(Deref(val))))
			}
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			decodeValue(nil, item, s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode || v.Type().Key().Kind() != reflect.String {
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(v.Type(), len(n.Content)/2))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := Deref(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				continue
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			decodeValue(k, n.Content[i+1], elem)
			v.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), elem)
		}
	case reflect.String:
		if isScalar(n) {
			v.SetString(strings.TrimSpace(n.Value))
		}
	case reflect.Float64, reflect.Float32:
		if isScalar(n) {
			if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil {
				v.SetFloat(f)
			}
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if isScalar(n) {
			if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
				v.SetInt(i)
			}
		}
	case reflect.Bool:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
			v.SetBool(strings.EqualFold(n.Value, "true"))
		}
	}
}

// isScalar reports whether n is a value that is not null.
func isScalar(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag != "!!null" }
