package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The checker answers whether a value follows the schema, and only that:
// it builds no error, no location string and no map of the properties
// left to evaluate, which is what the jsonschema validator spends most of
// its time on. It knows the draft-07 keywords the deal and configuration
// schemas use; a schema with any other keyword gets no checker, and Valid
// asks the validator instead. Its verdict is the validator's: the tests
// compare the two on generated, mutated and fuzzed files.

// Valid reports whether v follows the schema, as Validate would, without saying why not.
func (s *Schema) Valid(v any) bool {
	if s.check != nil {
		switch s.check.check(v) {
		case valid:
			return true
		case invalid:
			return false
		}
	}
	return s.compiled.Validate(v) == nil
}

// verdict is what the checker says of a value. unsure is for what it
// does not know (a Go type Value does not make, a number that is not
// finite): then the validator decides.
type verdict uint8

const (
	valid verdict = iota
	invalid
	unsure
)

// The JSON types as bits; integer is a type of the schema, never of a
// value, whose numbers are all number.
const (
	tNull uint8 = 1 << iota
	tBoolean
	tNumber
	tInteger
	tString
	tArray
	tObject
)

var typeBits = map[string]uint8{
	"null": tNull, "boolean": tBoolean, "number": tNumber, "integer": tInteger,
	"string": tString, "array": tArray, "object": tObject,
}

// typeOf is the JSON type of v, or 0 for a Go type that is not one of
// those Value makes.
func typeOf(v any) uint8 {
	switch v.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case int64, float64:
		return tNumber
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	}
	return 0
}

// cnode is one compiled (sub)schema. Counts are -1 when not given.
type cnode struct {
	never bool // the schema false
	types uint8

	hasConst bool
	konst    any   // a constant: nil, bool, string, *number, []any, map[string]any
	enum     []any // constants
	enumStr  []string
	format   func(any) bool

	minProps, maxProps int
	props              map[string]prop
	required           int // how many distinct names are required
	noMore             bool
	more               *cnode // additionalProperties as a schema
	names              *cnode

	minItems, maxItems int
	unique             bool
	items              *cnode
	tuple              []*cnode
	tupleNoMore        bool
	tupleMore          *cnode

	minLen, maxLen int
	pattern        *regexp.Regexp

	minimum, maximum, exclMin, exclMax, multipleOf *number
}

// prop is a name of properties or required, or both.
type prop struct {
	schema   *cnode // nil when the name is only required
	required bool
}

// number is a number of the schema, exact as the validator keeps it,
// with the forms that compare with int64 and float64 values without
// big.Rat arithmetic when they are exact.
type number struct {
	rat     *big.Rat
	i       int64
	isInt64 bool // rat is i
	f       float64
	isFloat bool // rat is f, and f is written rat: a float compares with it as its shortest decimal form does
}

func newNumber(s json.Number) (*number, bool) {
	r, ok := new(big.Rat).SetString(string(s))
	if !ok {
		return nil, false
	}
	n := &number{rat: r}
	if r.IsInt() && r.Num().IsInt64() {
		n.i, n.isInt64 = r.Num().Int64(), true
	}
	if f, exact := r.Float64(); exact && !math.IsInf(f, 0) {
		if back, ok := new(big.Rat).SetString(fmt.Sprint(f)); ok && back.Cmp(r) == 0 {
			n.f, n.isFloat = f, true
		}
	}
	return n, true
}

// ratOf is a value's number as the validator reads it: the decimal
// fmt.Sprint writes, so a float64 is its shortest decimal form.
func ratOf(v any) *big.Rat {
	r, _ := new(big.Rat).SetString(fmt.Sprint(v))
	return r
}

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

// cmp compares the number value v (int64 or float64) with n; ok is false
// for a float that is not finite, which the validator cannot read.
func (n *number) cmp(v any) (c int, ok bool) {
	switch v := v.(type) {
	case int64:
		if n.isInt64 {
			return cmpOrdered(v, n.i), true
		}
		return new(big.Rat).SetInt64(v).Cmp(n.rat), true
	case float64:
		if !finite(v) {
			return 0, false
		}
		if n.isFloat {
			// Rounding is monotonic and n.f is exact: v compares with
			// n.f as the decimal that rounds to v does.
			return cmpOrdered(v, n.f), true
		}
		return ratOf(v).Cmp(n.rat), true
	}
	return 0, false
}

func cmpOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// check is the verdict on v.
func (n *cnode) check(v any) verdict {
	if n.never {
		return invalid
	}
	if s, ok := v.(string); ok {
		return n.checkString(s, v)
	}
	t := typeOf(v)
	if t == 0 {
		return unsure
	}
	if n.types != 0 && n.types&t == 0 {
		if t != tNumber || n.types&tInteger == 0 {
			return invalid
		}
		if r := isInteger(v); r != valid {
			return r
		}
	}
	if n.hasConst {
		if r := equalConst(v, n.konst); r != valid {
			return r
		}
	}
	if n.enum != nil {
		if r := n.inEnum(v); r != valid {
			return r
		}
	}
	if n.format != nil && !n.format(v) {
		return invalid
	}
	switch v := v.(type) {
	case map[string]any:
		return n.checkObject(v)
	case []any:
		return n.checkArray(v)
	case int64, float64:
		return n.checkNumber(v)
	}
	return valid
}

// checkString is check for a string; boxed is s as an interface, or nil
// when it has not been made (a property name), to be made only for a
// format.
func (n *cnode) checkString(s string, boxed any) verdict {
	if n.never {
		return invalid
	}
	if n.types != 0 && n.types&tString == 0 {
		return invalid
	}
	if n.hasConst {
		if c, ok := n.konst.(string); !ok || c != s {
			return invalid
		}
	}
	if n.enum != nil {
		found := false
		for _, e := range n.enumStr {
			if e == s {
				found = true
				break
			}
		}
		if !found {
			return invalid
		}
	}
	if n.format != nil {
		if boxed == nil {
			boxed = s
		}
		if !n.format(boxed) {
			return invalid
		}
	}
	// Lengths are in code points, as the validator counts them (an
	// invalid byte is one); a string no longer in bytes than the bound
	// is within it without counting.
	if n.minLen > 0 && (len(s) < n.minLen || n.minLen > 1 && utf8.RuneCountInString(s) < n.minLen) {
		return invalid
	}
	if n.maxLen >= 0 && len(s) > n.maxLen && utf8.RuneCountInString(s) > n.maxLen {
		return invalid
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		return invalid
	}
	return valid
}

func (n *cnode) checkObject(m map[string]any) verdict {
	if n.minProps >= 0 && len(m) < n.minProps || n.maxProps >= 0 && len(m) > n.maxProps {
		return invalid
	}
	required := 0
	for k, v := range m {
		if n.names != nil {
			if r := n.names.checkString(k, nil); r != valid {
				return r
			}
		}
		p, known := n.props[k]
		if p.required {
			required++
		}
		var r verdict
		switch {
		case known && p.schema != nil:
			r = p.schema.check(v)
		case n.noMore:
			r = invalid
		case n.more != nil:
			r = n.more.check(v)
		}
		if r != valid {
			return r
		}
	}
	if required < n.required {
		return invalid
	}
	return valid
}

func (n *cnode) checkArray(a []any) verdict {
	if n.minItems >= 0 && len(a) < n.minItems || n.maxItems >= 0 && len(a) > n.maxItems {
		return invalid
	}
	switch {
	case n.items != nil:
		for _, v := range a {
			if r := n.items.check(v); r != valid {
				return r
			}
		}
	case n.tuple != nil:
		for i, v := range a {
			var r verdict
			switch {
			case i < len(n.tuple):
				r = n.tuple[i].check(v)
			case n.tupleNoMore:
				r = invalid
			case n.tupleMore != nil:
				r = n.tupleMore.check(v)
			}
			if r != valid {
				return r
			}
		}
	}
	if n.unique {
		return distinct(a)
	}
	return valid
}

func (n *cnode) checkNumber(v any) verdict {
	if r := bound(n.minimum, v, 0, 1); r != valid {
		return r
	}
	if r := bound(n.exclMin, v, 1, 1); r != valid {
		return r
	}
	if r := bound(n.maximum, v, -1, 0); r != valid {
		return r
	}
	if r := bound(n.exclMax, v, -1, -1); r != valid {
		return r
	}
	if m := n.multipleOf; m != nil {
		if i, ok := v.(int64); ok && m.isInt64 && m.i != 0 {
			return when(i%m.i == 0)
		}
		if f, ok := v.(float64); ok && !finite(f) {
			return unsure
		}
		return when(new(big.Rat).Quo(ratOf(v), m.rat).IsInt())
	}
	return valid
}

// bound is valid when v compares with b (when there is one) within lo..hi.
func bound(b *number, v any, lo, hi int) verdict {
	if b == nil {
		return valid
	}
	c, ok := b.cmp(v)
	if !ok {
		return unsure
	}
	return when(lo <= c && c <= hi)
}

// isInteger is whether a number value has no fractional part: the
// validator reads it as its shortest decimal form, which is a whole
// number exactly when the float is.
func isInteger(v any) verdict {
	switch v := v.(type) {
	case int64:
		return valid
	case float64:
		if !finite(v) {
			return unsure
		}
		if math.Trunc(v) == v {
			return valid
		}
		return invalid
	}
	return unsure
}

func (n *cnode) inEnum(v any) verdict {
	for _, e := range n.enum {
		switch equalConst(v, e) {
		case valid:
			return valid
		case unsure:
			return unsure
		}
	}
	return invalid
}

// equalConst is valid when value v equals constant c as the validator
// compares: numbers by their value, whatever their Go type.
func equalConst(v any, c any) verdict {
	t := typeOf(v)
	if t == 0 {
		return unsure
	}
	switch c := c.(type) {
	case nil:
		return when(v == nil)
	case bool:
		b, ok := v.(bool)
		return when(ok && b == c)
	case string:
		s, ok := v.(string)
		return when(ok && s == c)
	case *number:
		if t != tNumber {
			return invalid
		}
		cmp, ok := c.cmp(v)
		if !ok {
			return unsure
		}
		return when(cmp == 0)
	case []any, map[string]any:
		return equalElements(v, c, equalConst)
	}
	return unsure
}

// equalElements is valid when v holds what c holds, an array or an
// object, element by element as eq compares them.
func equalElements(v, c any, eq func(v, c any) verdict) verdict {
	switch c := c.(type) {
	case []any:
		a, ok := v.([]any)
		if !ok || len(a) != len(c) {
			return invalid
		}
		for i := range a {
			if r := eq(a[i], c[i]); r != valid {
				return r
			}
		}
		return valid
	case map[string]any:
		m, ok := v.(map[string]any)
		if !ok || len(m) != len(c) {
			return invalid
		}
		for k, cv := range c {
			mv, ok := m[k]
			if !ok {
				return invalid
			}
			if r := eq(mv, cv); r != valid {
				return r
			}
		}
		return valid
	}
	return unsure
}

func when(b bool) verdict {
	if b {
		return valid
	}
	return invalid
}

// equalValues is valid when two values are equal as the validator
// compares them for uniqueItems.
func equalValues(a, b any) verdict {
	ta, tb := typeOf(a), typeOf(b)
	if ta == 0 || tb == 0 {
		return unsure
	}
	if ta != tb {
		return invalid
	}
	switch a := a.(type) {
	case nil:
		return valid
	case bool:
		return when(a == b.(bool))
	case string:
		return when(a == b.(string))
	case int64, float64:
		return equalNumbers(a, b)
	case []any, map[string]any:
		return equalElements(a, b, equalValues)
	}
	return unsure
}

// exactInt is the largest magnitude below which every int64 is a float64.
const exactInt = 1 << 53

func equalNumbers(a, b any) verdict {
	if f, ok := a.(float64); ok && !finite(f) {
		return unsure
	}
	if f, ok := b.(float64); ok && !finite(f) {
		return unsure
	}
	switch a := a.(type) {
	case int64:
		switch b := b.(type) {
		case int64:
			return when(a == b)
		case float64:
			return equalIntFloat(a, b)
		}
	case float64:
		switch b := b.(type) {
		case int64:
			return equalIntFloat(b, a)
		case float64:
			return when(a == b)
		}
	}
	return unsure
}

// equalIntFloat compares an int64 with a float64 as the validator does,
// the float as its shortest decimal form.
func equalIntFloat(i int64, f float64) verdict {
	if -exactInt <= i && i <= exactInt {
		return when(float64(i) == f)
	}
	return when(new(big.Rat).SetInt64(i).Cmp(ratOf(f)) == 0)
}

// distinct is valid when no two items of a are equal. A long list of
// strings goes through a set rather than every pair.
func distinct(a []any) verdict {
	if len(a) > 32 {
		seen := make(map[string]struct{}, len(a))
		for _, v := range a {
			s, ok := v.(string)
			if !ok {
				seen = nil
				break
			}
			if _, dup := seen[s]; dup {
				return invalid
			}
			seen[s] = struct{}{}
		}
		if seen != nil {
			return valid
		}
	}
	for i := 1; i < len(a); i++ {
		for j := 0; j < i; j++ {
			switch equalValues(a[i], a[j]) {
			case valid:
				return invalid
			case unsure:
				return unsure
			}
		}
	}
	return valid
}

// ignored are the keywords that do not take part in validation: the
// annotations of draft-07 and those of editors (VS Code reads
// markdownDescription and enumDescriptions). definitions only matters
// through $ref, which the checker does not know.
var ignored = map[string]bool{
	"$id": true, "$comment": true, "title": true, "description": true, "default": true,
	"examples": true, "readOnly": true, "writeOnly": true, "definitions": true,
	"markdownDescription": true, "enumDescriptions": true, "markdownEnumDescriptions": true,
	"deprecationMessage": true, "errorMessage": true, "defaultSnippets": true,
}

// compileCheck compiles the checker of a draft-07 schema document that
// the validator has compiled; it is nil when the schema has a keyword
// the checker does not know.
func compileCheck(doc []byte) *cnode {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil
	}
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["$schema"]; ok && !isDraft07(s) {
			return nil
		}
	}
	n, ok := build(v, true)
	if !ok {
		return nil
	}
	return n
}

// isDraft07 is whether $schema names draft-07, written as the validator
// accepts it.
func isDraft07(s any) bool {
	u, ok := s.(string)
	if !ok {
		return false
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	u = strings.TrimSuffix(strings.TrimSuffix(u, "#/"), "#")
	return u == "json-schema.org/draft-07/schema"
}

// build compiles one schema; ok is false for a keyword the checker does
// not know or a form of one it does not expect.
func build(v any, root bool) (n *cnode, ok bool) {
	n = &cnode{minProps: -1, maxProps: -1, minItems: -1, maxItems: -1, minLen: -1, maxLen: -1}
	switch v := v.(type) {
	case bool:
		if !v {
			n.never = true
		}
		return n, true
	case map[string]any:
		for k, kv := range v {
			if ok := n.keyword(k, kv, v, root); !ok {
				return nil, false
			}
		}
		return n, true
	}
	return nil, false
}

// count reads a count as the validator does: through a float64, truncated.
func count(v any) (int, bool) {
	num, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := num.Float64()
	if err != nil {
		return 0, false
	}
	return int(f), true
}

func (n *cnode) keyword(k string, v any, all map[string]any, root bool) bool {
	var ok bool
	switch k {
	case "$schema":
		return root
	case "type":
		switch t := v.(type) {
		case string:
			n.types, ok = typeBits[t]
			return ok
		case []any:
			for _, e := range t {
				name, _ := e.(string)
				bit, ok := typeBits[name]
				if !ok {
					return false
				}
				n.types |= bit
			}
			return true
		}
		return false
	case "enum":
		list, ok := v.([]any)
		if !ok {
			return false
		}
		if len(list) == 0 { // the validator checks a non-empty enum only
			return true
		}
		n.enum = make([]any, len(list))
		for i, e := range list {
			if n.enum[i], ok = constant(e); !ok {
				return false
			}
			if s, isStr := e.(string); isStr {
				n.enumStr = append(n.enumStr, s)
			}
		}
		return true
	case "const":
		n.hasConst = true
		n.konst, ok = constant(v)
		return ok
	case "format":
		name, ok := v.(string)
		if !ok {
			return false
		}
		// Draft-07 asserts the formats the validator knows and ignores
		// the others.
		n.format = jsonschema.Formats[name]
		return true
	case "properties":
		props, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if n.props == nil {
			n.props = make(map[string]prop, len(props))
		}
		for name, sv := range props {
			s, ok := build(sv, false)
			if !ok {
				return false
			}
			p := n.props[name]
			p.schema = s
			n.props[name] = p
		}
		return true
	case "required":
		list, ok := v.([]any)
		if !ok {
			return false
		}
		if n.props == nil {
			n.props = make(map[string]prop, len(list))
		}
		for _, e := range list {
			name, ok := e.(string)
			if !ok {
				return false
			}
			if p := n.props[name]; !p.required {
				p.required = true
				n.props[name] = p
				n.required++
			}
		}
		return true
	case "additionalProperties":
		switch a := v.(type) {
		case bool:
			n.noMore = !a
			return true
		case map[string]any:
			n.more, ok = build(a, false)
			return ok
		}
		return false
	case "propertyNames":
		n.names, ok = build(v, false)
		return ok
	case "minProperties":
		n.minProps, ok = count(v)
		return ok
	case "maxProperties":
		n.maxProps, ok = count(v)
		return ok
	case "items":
		if list, isList := v.([]any); isList {
			n.tuple = make([]*cnode, len(list))
			for i, sv := range list {
				if n.tuple[i], ok = build(sv, false); !ok {
					return false
				}
			}
			switch a := all["additionalItems"].(type) {
			case nil:
			case bool:
				n.tupleNoMore = !a
			case map[string]any:
				if n.tupleMore, ok = build(a, false); !ok {
					return false
				}
			default:
				return false
			}
			return true
		}
		n.items, ok = build(v, false)
		return ok
	case "additionalItems":
		// Read with an items list; the validator ignores it otherwise.
		return true
	case "minItems":
		n.minItems, ok = count(v)
		return ok
	case "maxItems":
		n.maxItems, ok = count(v)
		return ok
	case "uniqueItems":
		n.unique, ok = v.(bool)
		return ok
	case "minLength":
		n.minLen, ok = count(v)
		return ok
	case "maxLength":
		n.maxLen, ok = count(v)
		return ok
	case "pattern":
		p, ok := v.(string)
		if !ok {
			return false
		}
		// Unanchored, as the validator matches it.
		re, err := regexp.Compile(p)
		if err != nil {
			return false
		}
		n.pattern = re
		return true
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		num, ok := v.(json.Number) // a boolean exclusiveMinimum is draft-04's
		if !ok {
			return false
		}
		b, ok := newNumber(num)
		if !ok {
			return false
		}
		switch k {
		case "minimum":
			n.minimum = b
		case "maximum":
			n.maximum = b
		case "exclusiveMinimum":
			n.exclMin = b
		case "exclusiveMaximum":
			n.exclMax = b
		case "multipleOf":
			n.multipleOf = b
		}
		return true
	}
	return ignored[k]
}

// constant is a schema's value for enum or const, its numbers exact.
func constant(v any) (any, bool) {
	switch v := v.(type) {
	case nil, bool, string:
		return v, true
	case json.Number:
		return newNumber(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			var ok bool
			if out[i], ok = constant(e); !ok {
				return nil, false
			}
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			c, ok := constant(e)
			if !ok {
				return nil, false
			}
			out[k] = c
		}
		return out, true
	}
	return nil, false
}
