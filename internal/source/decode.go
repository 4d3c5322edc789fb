package source

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"gopkg.in/yaml.v3"
)

// Scalar is a scalar of type T (text, or an enumeration) with where it
// was written; the zero Scalar is "not given". A value that is not a
// scalar, or null, keeps its position and stays unset: the schema says
// what is wrong with it. Decode fills it without asking reflection more
// than once per type: most fields of a deal are one.
type Scalar[T ~string] struct {
	Value T
	Pos   Pos
}

// Set reports whether the field was given a non-empty value.
func (s Scalar[T]) Set() bool { return s.Value != "" }

func (Scalar[T]) scalar() {}

// List is a sequence of T with the position of its key; Decode fills its
// items by the rules of Decode.
type List[T any] struct {
	At    Pos
	Items []T
}

// Len is the number of items.
func (l List[T]) Len() int { return len(l.Items) }

func (List[T]) list() {}

// The marks of Scalar and List, which Decode fills natively.
type (
	scalarMark interface{ scalar() }
	listMark   interface{ list() }
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
		panic("source.Decode: not a pointer: " + reflect.TypeOf(v).String())
	}
	decoderFor(rv.Elem().Type())(nil, Deref(n), rv.UnsafePointer())
}

// A decoder fills the value at p, of the type it was made for, from the
// node n under key (nil for a list item or the document). Each type's
// decoder is made once, by decoderFor, with the offsets of its fields, so
// that decoding a file asks reflection nothing it already knows: most of
// the work is storing strings and positions where they go.
type decoder func(key, n *yaml.Node, p unsafe.Pointer)

var (
	decoders sync.Map // reflect.Type -> decoder, the finished ones
	// building guards making decoders; pending are those being made, for
	// a type that refers to itself.
	building sync.Mutex
	pending  = map[reflect.Type]*decoder{}
)

var (
	posType     = reflect.TypeFor[Pos]()
	decoderType = reflect.TypeFor[NodeDecoder]()
	scalarType  = reflect.TypeFor[scalarMark]()
	listType    = reflect.TypeFor[listMark]()
)

func decoderFor(t reflect.Type) decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(decoder)
	}
	building.Lock()
	defer building.Unlock()
	return build(t)
}

// build makes t's decoder, with building held.
func build(t reflect.Type) decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(decoder)
	}
	if d, ok := pending[t]; ok {
		// A type that refers to itself: its decoder is called once made.
		return func(key, n *yaml.Node, p unsafe.Pointer) { (*d)(key, n, p) }
	}
	d := new(decoder)
	pending[t] = d
	*d = makeDecoder(t)
	delete(pending, t)
	decoders.Store(t, *d)
	return *d
}

func makeDecoder(t reflect.Type) decoder {
	switch {
	case t.Implements(scalarType):
		// Scalar[T]: Value, a string underneath, and Pos.
		posOff := t.Field(1).Offset
		return func(_, n *yaml.Node, p unsafe.Pointer) {
			*(*Pos)(unsafe.Add(p, posOff)) = At(n)
			if isScalar(n) {
				*(*string)(p) = strings.TrimSpace(n.Value)
			}
		}
	case t.Implements(listType):
		// List[T]: At, and the Items a slice decodes.
		atOff := t.Field(0).Offset
		items := t.Field(1)
		fill := sliceDecoder(items.Type)
		return func(key, n *yaml.Node, p unsafe.Pointer) {
			if key != nil {
				*(*Pos)(unsafe.Add(p, atOff)) = At(key)
			}
			fill(nil, n, unsafe.Add(p, items.Offset))
		}
	case reflect.PointerTo(t).Implements(decoderType):
		return func(key, n *yaml.Node, p unsafe.Pointer) {
			reflect.NewAt(t, p).Interface().(NodeDecoder).DecodeNode(key, n)
		}
	}
	switch t.Kind() {
	case reflect.Struct:
		return structDecoder(t)
	case reflect.Slice:
		return sliceDecoder(t)
	case reflect.Map:
		return mapDecoder(t)
	case reflect.String:
		return func(_, n *yaml.Node, p unsafe.Pointer) {
			if isScalar(n) {
				*(*string)(p) = strings.TrimSpace(n.Value)
			}
		}
	case reflect.Float64:
		return func(_, n *yaml.Node, p unsafe.Pointer) {
			if isScalar(n) {
				if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil {
					*(*float64)(p) = f
				}
			}
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return func(_, n *yaml.Node, p unsafe.Pointer) {
			if isScalar(n) {
				if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
					reflect.NewAt(t, p).Elem().SetInt(i)
				}
			}
		}
	case reflect.Bool:
		return func(_, n *yaml.Node, p unsafe.Pointer) {
			if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
				*(*bool)(p) = strings.EqualFold(n.Value, "true")
			}
		}
	}
	return func(*yaml.Node, *yaml.Node, unsafe.Pointer) {} // not a kind files hold
}

// sliceDecoder fills a slice of type t with the items of a sequence.
func sliceDecoder(t reflect.Type) decoder {
	elem, size := build(t.Elem()), t.Elem().Size()
	return func(_, n *yaml.Node, p unsafe.Pointer) {
		if n.Kind != yaml.SequenceNode {
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		base := s.UnsafePointer()
		for i, item := range n.Content {
			elem(nil, Deref(item), unsafe.Add(base, uintptr(i)*size))
		}
		reflect.NewAt(t, p).Elem().Set(s)
	}
}

// mapDecoder fills a string-keyed map; the configuration has a few.
func mapDecoder(t reflect.Type) decoder {
	if t.Key().Kind() != reflect.String {
		return func(*yaml.Node, *yaml.Node, unsafe.Pointer) {}
	}
	elem := build(t.Elem())
	return func(_, n *yaml.Node, p unsafe.Pointer) {
		if n.Kind != yaml.MappingNode {
			return
		}
		m := reflect.NewAt(t, p).Elem()
		if m.IsNil() {
			m.Set(reflect.MakeMapWithSize(t, len(n.Content)/2))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := Deref(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				continue
			}
			e := reflect.New(t.Elem())
			elem(k, Deref(n.Content[i+1]), e.UnsafePointer())
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(t.Key()), e.Elem())
		}
	}
}

// field is one decoded field of a struct: its key, where it is and how
// it decodes.
type field struct {
	name string
	off  uintptr
	dec  decoder
}

func structDecoder(t reflect.Type) decoder {
	var fields []field
	pos := map[string]uintptr{}
	at, hasAt := uintptr(0), false
	for _, f := range reflect.VisibleFields(t) {
		tag, tagged := f.Tag.Lookup("yaml")
		if !tagged || tag == "-" || !f.IsExported() {
			continue
		}
		off, ok := offsetOf(t, f.Index)
		if !ok {
			continue // behind a pointer: not a field files fill
		}
		name, opt, _ := strings.Cut(tag, ",")
		switch {
		case opt == "at" && f.Type == posType:
			at, hasAt = off, true
		case opt == "pos" && f.Type == posType:
			pos[name] = off
		case name != "":
			fields = append(fields, field{name, off, build(f.Type)})
		}
	}
	return func(key, n *yaml.Node, p unsafe.Pointer) {
		if hasAt {
			where := n
			if key != nil {
				where = key
			}
			*(*Pos)(unsafe.Add(p, at)) = At(where)
		}
		if n.Kind != yaml.MappingNode {
			return
		}
		// Keys are looked for from the field after the last one found:
		// files mostly write them in the struct's order (deals fmt does),
		// so the first comparison usually finds the key.
		next := 0
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := Deref(n.Content[i])
			if k.Kind != yaml.ScalarNode {
				continue
			}
			val := Deref(n.Content[i+1])
			for j := range fields {
				f := &fields[(next+j)%len(fields)]
				if f.name == k.Value {
					f.dec(k, val, unsafe.Add(p, f.off))
					next = (next + j + 1) % len(fields)
					break
				}
			}
			if len(pos) > 0 {
				if off, ok := pos[k.Value]; ok {
					*(*Pos)(unsafe.Add(p, off)) = At(val)
				}
			}
		}
	}
}

// offsetOf is where the field at index (through embedded structs) lies in
// a value of t; ok is false when the path goes through a pointer.
func offsetOf(t reflect.Type, index []int) (uintptr, bool) {
	off := uintptr(0)
	for i, x := range index {
		f := t.Field(x)
		off += f.Offset
		if i < len(index)-1 {
			if f.Type.Kind() != reflect.Struct {
				return 0, false
			}
			t = f.Type
		}
	}
	return off, true
}

// isScalar reports whether n is a value that is not null.
func isScalar(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag != "!!null" }

// ScalarOf is the value type T of a Scalar[T] type, for tools that hold a
// model to its schema; ok is false for other types.
func ScalarOf(t reflect.Type) (value reflect.Type, ok bool) {
	if t.Kind() != reflect.Struct || !t.Implements(scalarType) {
		return nil, false
	}
	return t.Field(0).Type, true
}

// ListOf is the item type T of a List[T] type; ok is false for other types.
func ListOf(t reflect.Type) (item reflect.Type, ok bool) {
	if t.Kind() != reflect.Struct || !t.Implements(listType) {
		return nil, false
	}
	return t.Field(1).Type.Elem(), true
}
