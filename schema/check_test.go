package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// The embedded schemas must keep to the keywords the checker knows, or
// every lint pays for the validator again.
func TestCheckerCoversTheSchemas(t *testing.T) {
	for name, s := range map[string]*Schema{"deal": Deal(), "config": Config()} {
		if s.check == nil {
			t.Errorf("%s: the schema uses a keyword the checker does not know", name)
		}
	}
}

type in = map[string]any
type list = []any

func strs(prefix string, n int) list {
	out := make(list, n)
	for i := range out {
		out[i] = fmt.Sprint(prefix, i)
	}
	return out
}

// TestChecker checks each keyword on small schemas: the checker's verdict
// is the one written here, and so is the validator's.
func TestChecker(t *testing.T) {
	const big60 = int64(1) << 60 // 1152921504606846976, whose float64 is written 1.152921504606847e+18
	tests := []struct {
		name      string
		schema    string
		supported bool
		valid     []any
		invalid   []any
	}{
		{"empty", `{}`, true, list{nil, true, 1.5, "a", list{1.5}, in{"a": nil}}, nil},
		{"type string", `{"type": "string"}`, true, list{"", "a"}, list{nil, int64(1), 1.0, true, list{}, in{}}},
		{"type list", `{"type": ["string", "null"]}`, true, list{"a", nil}, list{false, int64(0)}},
		{"type number", `{"type": "number"}`, true, list{int64(-3), 2.5, 0.0, math.MaxFloat64}, list{"1", true, nil}},
		{"type integer", `{"type": "integer"}`, true,
			list{int64(3), int64(math.MinInt64), 3.0, -0.0, 1e300, 9007199254740993.0},
			list{3.5, 5e-324, -0.5, "3", nil}},
		{"type boolean", `{"type": "boolean"}`, true, list{true, false}, list{"true", int64(1), nil}},
		{"type null", `{"type": "null"}`, true, list{nil}, list{"", false, int64(0)}},
		{"type array", `{"type": "array"}`, true, list{list{}, list{nil}}, list{in{}, "[]"}},
		{"type object", `{"type": "object"}`, true, list{in{}, in{"a": int64(1)}}, list{list{}, nil}},
		{"properties", `{"properties": {"a": {"type": "string"}, "b": false, "c": true}}`, true,
			list{in{}, in{"a": "x"}, in{"c": int64(1)}, "not an object"},
			list{in{"a": int64(1)}, in{"b": nil}}},
		{"additionalProperties false", `{"properties": {"a": {}}, "additionalProperties": false}`, true,
			list{in{}, in{"a": list{}}},
			list{in{"b": "x"}, in{"a": nil, "A": nil}}},
		{"additionalProperties true", `{"properties": {"a": {"type": "string"}}, "additionalProperties": true}`, true,
			list{in{"b": int64(1)}}, list{in{"a": int64(1)}}},
		{"additionalProperties schema", `{"properties": {"a": {}}, "additionalProperties": {"type": "number", "exclusiveMinimum": 0}}`, true,
			list{in{"a": "x", "b": int64(1), "c": 0.5}},
			list{in{"b": int64(0)}, in{"b": "1"}}},
		{"required", `{"required": ["a", "b"]}`, true,
			list{in{"a": nil, "b": nil}, in{"a": 1.0, "b": 2.0, "c": 3.0}, "not an object"},
			list{in{}, in{"a": nil}, in{"b": nil, "c": nil}}},
		{"required without properties, none more", `{"properties": {"a": {}}, "required": ["a", "b"], "additionalProperties": false}`, true,
			nil,
			list{in{"a": nil}, in{"a": nil, "b": nil}}},
		{"required with additional schema", `{"properties": {"a": {}}, "required": ["b"], "additionalProperties": {"type": "string"}}`, true,
			list{in{"b": "x"}},
			list{in{"b": int64(1)}, in{"a": nil}}},
		{"propertyNames", `{"propertyNames": {"pattern": "^[A-Z]{3}$", "maxLength": 3}}`, true,
			list{in{}, in{"EUR": 1.0, "USD": "x"}},
			list{in{"eur": 1.0}, in{"EURO": 1.0}}},
		{"propertyNames false", `{"propertyNames": false}`, true, list{in{}, "x"}, list{in{"a": nil}}},
		{"propertyNames format", `{"propertyNames": {"format": "date"}}`, true, list{in{"2024-02-29": nil}}, list{in{"2023-02-29": nil}}},
		{"min and max properties", `{"minProperties": 1, "maxProperties": 2}`, true,
			list{in{"a": nil}, in{"a": nil, "b": nil}},
			list{in{}, in{"a": nil, "b": nil, "c": nil}}},
		{"items", `{"items": {"type": "string", "minLength": 1}}`, true,
			list{list{}, list{"a", "b"}, in{}},
			list{list{""}, list{"a", nil}}},
		{"items false", `{"items": false}`, true, list{list{}}, list{list{nil}}},
		{"items list", `{"items": [{"type": "string"}, {"type": "number"}]}`, true,
			list{list{}, list{"a"}, list{"a", 1.0}, list{"a", int64(1), nil, true}},
			list{list{int64(1)}, list{"a", "b"}}},
		{"items list, no more", `{"items": [{"type": "string"}], "additionalItems": false}`, true,
			list{list{}, list{"a"}},
			list{list{"a", "b"}}},
		{"items list, more of a schema", `{"items": [{"type": "string"}], "additionalItems": {"type": "boolean"}}`, true,
			list{list{"a", true, false}},
			list{list{"a", "b"}, list{true}}},
		{"additionalItems alone is ignored", `{"additionalItems": false}`, true, list{list{nil, nil}}, nil},
		{"min and max items", `{"minItems": 1, "maxItems": 2}`, true,
			list{list{nil}, list{nil, nil}, "not an array"},
			list{list{}, list{nil, nil, nil}}},
		{"uniqueItems", `{"uniqueItems": true}`, true,
			list{list{}, list{"a", "b"}, list{int64(1), "1", true, nil}, list{list{int64(1)}, list{int64(1), int64(2)}},
				list{in{"a": int64(1)}, in{"a": int64(1), "b": int64(1)}}, strs("s", 40),
				list{int64(9007199254740993), 9007199254740992.0}, list{big60, float64(big60)}},
			list{list{"a", "a"}, list{int64(1), 1.0}, list{0.0, -0.0}, list{nil, nil}, list{false, false},
				list{list{int64(1)}, list{1.0}}, list{in{"a": int64(1), "b": "x"}, in{"b": "x", "a": 1.0}},
				append(strs("s", 40), "s39"), append(strs("s", 40), int64(1), 1.0),
				list{int64(9007199254740992), 9007199254740992.0}, list{int64(1152921504606847000), float64(big60)}}},
		{"uniqueItems false", `{"uniqueItems": false}`, true, list{list{"a", "a"}}, nil},
		{"enum", `{"enum": ["a", "b"]}`, true, list{"a", "b"}, list{"A", "c", "", nil, int64(1), list{"a"}}},
		{"enum of all types", `{"enum": [1, 0.1, "a", null, true, [1, "x"], {"k": [2]}]}`, true,
			list{int64(1), 1.0, 0.1, "a", nil, true, list{1.0, "x"}, in{"k": list{int64(2)}}},
			list{int64(2), 0.30000000000000004, "b", false, list{int64(1)}, list{"x", int64(1)}, in{"k": list{int64(3)}}, in{"k": list{int64(2)}, "l": nil}, in{}}},
		{"const", `{"const": "x"}`, true, list{"x"}, list{"X", nil, list{"x"}}},
		{"const null", `{"const": null}`, true, list{nil}, list{"", false, int64(0)}},
		{"const number", `{"const": 0.1}`, true, list{0.1}, list{0.1 + 1e-17*3, int64(0), "0.1"}},
		// The schema's numbers go through float64 in withoutDatePatterns:
		// 2^60 is read back as 1152921504606847000, which no float64 is.
		{"const of a long number", `{"const": 1152921504606846976}`, true,
			list{float64(big60), int64(1152921504606847000)},
			list{big60, big60 + 1, math.Nextafter(float64(big60), math.Inf(1))}},
		{"const object", `{"const": {"a": [1, {"b": null}]}}`, true,
			list{in{"a": list{1.0, in{"b": nil}}}},
			list{in{"a": list{int64(1), in{}}}, in{}, in{"a": list{int64(1), in{"b": nil}}, "c": nil}}},
		{"minLength in code points", `{"minLength": 2}`, true,
			list{"ab", "éé", "\xff\xff", int64(1)},
			list{"", "a", "é", "\xff"}},
		{"minLength 1", `{"minLength": 1}`, true, list{"a", "é"}, list{""}},
		{"maxLength in code points", `{"maxLength": 3}`, true,
			list{"", "abc", "héé", "日本語", "\xff\xfe\xfd", list{"abcd"}},
			list{"abcd", "héééé", "日本語!", "\xff\xfe\xfd\xfc"}},
		{"fractional lengths truncate", `{"minLength": 1.0, "maxLength": 2.0}`, true, list{"a", "ab"}, list{"", "abc"}},
		{"pattern is not anchored", `{"pattern": "b+"}`, true, list{"abc", "bbb", int64(1)}, list{"", "ac"}},
		{"anchored pattern", `{"pattern": "^[a-z0-9][a-z0-9._-]*$"}`, true, list{"a", "acme-erp.2", "0"}, list{"", "-a", "A", "a b", "a\n"}},
		{"pattern in Go syntax", `{"pattern": "^\\p{Han}+$"}`, true, list{"日本"}, list{"にほん", ""}},
		{"minimum", `{"minimum": 0}`, true,
			list{int64(0), 0.0, -0.0, 5e-324, int64(math.MaxInt64), "-1"},
			list{int64(-1), -5e-324, -1e300}},
		{"exclusiveMinimum", `{"exclusiveMinimum": 0}`, true, list{int64(1), 5e-324}, list{int64(0), 0.0, -0.0, -1.5}},
		{"maximum", `{"maximum": 100}`, true, list{int64(100), 100.0, 99.99999999999999, int64(math.MinInt64)}, list{int64(101), 100.00000000000001}},
		{"exclusiveMaximum", `{"exclusiveMaximum": 100}`, true, list{int64(99), 99.99999999999999}, list{int64(100), 100.0}},
		{"decimal bound", `{"maximum": 0.1}`, true, list{0.1, int64(0), 0.09999999999999999}, list{0.10000000000000002, int64(1)}},
		{"bound longer than a float64", `{"maximum": 1152921504606846976}`, true,
			list{big60, big60 + 1, float64(big60), int64(1152921504606847000), 1.152921504606846e18},
			list{int64(1152921504606847001), math.Nextafter(float64(big60), math.Inf(1))}},
		{"bound between integers", `{"minimum": 2.5, "exclusiveMaximum": 1e300}`, true, list{int64(3), 2.5, 1e299}, list{int64(2), 2.4999999999999996, 1e300}},
		{"bound beyond int64", `{"minimum": -1e30}`, true, list{int64(math.MinInt64), -1e30}, list{-1.0000000000000001e30}},
		{"multipleOf", `{"multipleOf": 3}`, true, list{int64(0), int64(-9), 9.0, 3e20}, list{int64(10), 9.5}},
		{"decimal multipleOf", `{"multipleOf": 0.1}`, true, list{0.3, int64(2), 1.7}, list{0.35, 1e-7}},
		{"format date", `{"format": "date"}`, true,
			list{"2026-02-28", "2024-02-29", int64(5), nil},
			list{"2026-02-30", "2025-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "", " 2026-01-01"}},
		{"format email", `{"format": "email"}`, true, list{"li.na@example.com", "a@b"}, list{"li.na", "a@", "@b", "a b@c.d"}},
		{"unknown format is ignored", `{"format": "currency"}`, true, list{"anything", int64(1)}, nil},
		{"draft-07 by name", `{"$schema": "https://json-schema.org/draft-07/schema", "type": "string"}`, true, list{"a"}, list{nil}},
		{"annotations", `{"$id": "https://example.com/s.json", "$comment": "c", "title": "t", "description": "d",
			"default": 1, "examples": [2], "markdownDescription": "m", "enumDescriptions": ["e"], "definitions": {"x": {"$ref": "#"}},
			"type": "string"}`, true, list{"a"}, list{int64(1)}},
		{"deep", `{"type": "object", "properties": {"a": {"type": "array", "items": {"type": "object",
			"required": ["id"], "additionalProperties": false, "properties": {"id": {"type": "string", "format": "date"}}}}}}`, true,
			list{in{"a": list{in{"id": "2026-01-01"}}}},
			list{in{"a": list{in{"id": "2026-01-01"}, in{"id": "2026-01-32"}}}, in{"a": list{in{}}}, in{"a": list{in{"id": "2026-01-01", "x": nil}}}}},

		// Keywords the checker does not know: the validator decides.
		{"$ref", `{"definitions": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/s"}}}`, false, list{in{"a": "x"}}, list{in{"a": int64(1)}}},
		{"oneOf", `{"oneOf": [{"type": "string"}, {"maxLength": 2}]}`, false, list{"abc", int64(1)}, list{"ab"}},
		{"anyOf", `{"anyOf": [{"type": "string"}, {"type": "null"}]}`, false, list{"a", nil}, list{int64(1)}},
		{"allOf", `{"allOf": [{"minLength": 1}, {"maxLength": 2}]}`, false, list{"a"}, list{"", "abc"}},
		{"not", `{"not": {"type": "string"}}`, false, list{int64(1)}, list{"a"}},
		{"if then else", `{"if": {"type": "string"}, "then": {"minLength": 1}, "else": {"type": "null"}}`, false, list{"a", nil}, list{"", int64(1)}},
		{"patternProperties", `{"patternProperties": {"^x": {"type": "string"}}, "additionalProperties": false}`, false, list{in{"xa": "s"}}, list{in{"xa": int64(1)}, in{"y": nil}}},
		{"dependencies", `{"dependencies": {"a": ["b"]}}`, false, list{in{"a": nil, "b": nil}, in{}}, list{in{"a": nil}}},
		{"contains", `{"contains": {"type": "string"}}`, false, list{list{int64(1), "a"}}, list{list{int64(1)}}},
		{"a keyword of no draft", `{"x-unit": "EUR", "type": "string"}`, false, list{"a"}, list{int64(1)}},
		{"nested", `{"properties": {"a": {"items": {"anyOf": [{"type": "string"}]}}}}`, false, list{in{"a": list{"x"}}}, list{in{"a": list{int64(1)}}}},
		{"$schema below the root", `{"properties": {"a": {"$schema": "http://json-schema.org/draft-07/schema#"}}}`, false, list{in{"a": 1.0}}, nil},
		{"another draft", `{"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": [{"type": "string"}]}`, false, list{list{"a"}}, list{list{int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Compile("t.json", []byte(tt.schema))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.check != nil; got != tt.supported {
				t.Fatalf("supported = %v, want %v", got, tt.supported)
			}
			for want, values := range map[bool][]any{true: tt.valid, false: tt.invalid} {
				for _, v := range values {
					if got := s.Valid(v); got != want {
						t.Errorf("Valid(%s) = %v, want %v", show(v), got, want)
					}
					if err := s.Validate(v); (err == nil) != want {
						t.Errorf("the validator says of %s: %v; the test wants valid %v", show(v), err, want)
					}
				}
			}
		})
	}
}

// Values of Go types that Value does not make are the validator's to judge.
func TestCheckerLeavesOtherTypesToTheValidator(t *testing.T) {
	s, err := Compile("t.json", []byte(`{"properties": {"n": {"type": "integer", "minimum": 1}, "e": {"enum": [1]}, "u": {"uniqueItems": true}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{
		in{"n": 5}, in{"n": 0}, in{"n": float32(2)}, in{"n": json.Number("3")}, in{"n": uint8(0)},
		in{"e": 1}, in{"e": 2}, in{"u": list{1, 1}}, in{"u": list{1, 2}}, in{"n": struct{}{}}, in{"x": struct{}{}},
	} {
		if got, want := s.Valid(v), s.Validate(v) == nil; got != want {
			t.Errorf("Valid(%s) = %v, the validator says %v", show(v), got, want)
		}
	}
}

func show(v any) string {
	s := fmt.Sprintf("%#v", v)
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return strings.ReplaceAll(s, "interface {}", "any")
}
