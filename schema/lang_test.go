package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dealsascode/deals/schema"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

func TestJSONInEnglishIsJSON(t *testing.T) {
	for name, s := range schemas() {
		for _, lang := range []string{"en", "", "fr", "ZH"} {
			if !bytes.Equal(s.JSONIn(lang), s.JSON()) {
				t.Errorf("%s: JSONIn(%q) is not JSON()", name, lang)
			}
		}
	}
}

func TestJSONInIsACopy(t *testing.T) {
	a := schema.Deal().JSONIn("zh")
	want := bytes.Clone(a)
	a[0] = 'X'
	if b := schema.Deal().JSONIn("zh"); !bytes.Equal(b, want) {
		t.Error("JSONIn returns its cached bytes themselves")
	}
}

// TestJSONInKeepsTheDocument: in Chinese the schema is the same document
// (a valid draft-07 schema, the same keys in the same order, the same
// lines), only its texts for people differ, and they are Chinese.
func TestJSONInKeepsTheDocument(t *testing.T) {
	meta := jsonschema.MustCompileString("meta.json", `{"$ref": "http://json-schema.org/draft-07/schema#"}`)
	for name, s := range schemas() {
		t.Run(name, func(t *testing.T) {
			en, zh := s.JSON(), s.JSONIn("zh")
			if bytes.Equal(en, zh) {
				t.Fatal("the Chinese schema is the English one")
			}
			if !bytes.Equal(zh, s.JSONIn("zh")) {
				t.Error("JSONIn gives different bytes each time")
			}
			var enDoc, zhDoc any
			if err := json.Unmarshal(en, &enDoc); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(zh, &zhDoc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if err := meta.Validate(zhDoc); err != nil {
				t.Errorf("not a valid draft-07 schema: %#v", err)
			}
			if !reflect.DeepEqual(withoutTexts(enDoc), withoutTexts(zhDoc)) {
				t.Error("the Chinese schema differs in more than its texts")
			}
			if a, b := keyOrder(t, en), keyOrder(t, zh); !slices.Equal(a, b) {
				t.Error("the Chinese schema has its keys in another order")
			}
			enLines, zhLines := strings.Split(string(en), "\n"), strings.Split(string(zh), "\n")
			if len(enLines) != len(zhLines) {
				t.Fatalf("%d lines in English, %d in Chinese", len(enLines), len(zhLines))
			}
			changed := 0
			for i := range enLines {
				if enLines[i] == zhLines[i] {
					continue
				}
				changed++
				// The same key, or the same indentation in a list: only a
				// string after it changes.
				if a, b := enLines[i][:strings.Index(enLines[i], `"`)+1], zhLines[i][:strings.Index(zhLines[i], `"`)+1]; a != b || !strings.Contains(enLines[i], `"`) {
					t.Errorf("line %d changed beyond a text:\n%s\n%s", i+1, enLines[i], zhLines[i])
				} else if key := strings.TrimSpace(a); key != `"` && key != `"description": "` && key != `"markdownDescription": "` {
					t.Errorf("line %d: %s changed", i+1, key)
				}
			}
			if changed == 0 {
				t.Error("no line changed")
			}
		})
	}
}

// withoutTexts is a schema document without its texts for people.
func withoutTexts(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if k != "description" && k != "markdownDescription" && k != "enumDescriptions" {
				out[k] = withoutTexts(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = withoutTexts(e)
		}
		return out
	}
	return v
}

// keyOrder are the object keys of a JSON document in the order written.
func keyOrder(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	var keys []string
	var inObject []bool // per open container: an object, and whether a key comes next
	expectKey := []bool{}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tok {
		case json.Delim('{'):
			inObject = append(inObject, true)
			expectKey = append(expectKey, true)
			continue
		case json.Delim('['):
			inObject = append(inObject, false)
			expectKey = append(expectKey, false)
			continue
		case json.Delim('}'), json.Delim(']'):
			inObject, expectKey = inObject[:len(inObject)-1], expectKey[:len(expectKey)-1]
		default:
			if n := len(inObject); n > 0 && inObject[n-1] && expectKey[n-1] {
				keys = append(keys, tok.(string))
				expectKey[n-1] = false
				continue
			}
		}
		// A value ended: the object it is in expects a key again.
		if n := len(inObject); n > 0 && inObject[n-1] {
			expectKey[n-1] = true
		}
	}
	return keys
}

// TestJSONInValidatesAlike: the Chinese schema compiles and judges the
// example deals and configuration, and broken copies of them, exactly as
// the English one.
func TestJSONInValidatesAlike(t *testing.T) {
	files, err := filepath.Glob("../examples/deals/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example deals: %v", err)
	}
	cases := map[string][]string{"deal.schema.json": files, "config.schema.json": {"../examples/deals.config.yaml"}}
	for name, files := range cases {
		s := schema.Deal()
		if name == "config.schema.json" {
			s = schema.Config()
		}
		en, err := schema.Compile(name, s.JSON())
		if err != nil {
			t.Fatal(err)
		}
		zh, err := schema.Compile(name, s.JSONIn("zh"))
		if err != nil {
			t.Fatalf("%s in Chinese does not compile: %v", name, err)
		}
		for _, file := range files {
			for variant, doc := range variants(t, file) {
				a, b := en.Validate(doc), zh.Validate(doc)
				if verdict(a) != verdict(b) {
					t.Errorf("%s, %s: in English %#v, in Chinese %#v", file, variant, a, b)
				}
				if variant == "as it is" && a != nil {
					t.Errorf("%s: %#v", file, a)
				}
				if variant != "as it is" && a == nil {
					t.Errorf("%s, %s: valid", file, variant)
				}
			}
		}
	}
}

// variants are a YAML file's document as the validator takes it, and
// copies of it broken in different ways.
func variants(t *testing.T, file string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	load := func() map[string]any {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		return plain(t, doc.Content[0]).(map[string]any)
	}
	out := map[string]any{"as it is": load()}
	unknown := load()
	unknown["colour"] = "blue"
	out["unknown key"] = unknown
	wrongType := load()
	for k, v := range wrongType {
		if _, ok := v.(map[string]any); ok {
			wrongType[k] = 5
			break
		}
	}
	out["a number for a mapping"] = wrongType
	if players, ok := load()["key_players"].([]any); ok && len(players) > 0 {
		d := load()
		d["key_players"].([]any)[0].(map[string]any)["attitude"] = "fan"
		out["unknown enum value"] = d
		d = load()
		delete(d["key_players"].([]any)[0].(map[string]any), "id")
		out["missing required key"] = d
	}
	return out
}

// plain is a YAML value as the validator takes it; dates stay text, as
// deals reads them.
func plain(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, e := range n.Content {
			l = append(l, plain(t, e))
		}
		return l
	}
	switch n.Tag {
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			t.Fatal(err)
		}
		return f
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

// verdict is a validation result, its causes in an order of their own
// (the validator's varies).
func verdict(err error) string {
	lines := strings.Split(fmt.Sprintf("%#v", err), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func TestField(t *testing.T) {
	roles := []string{"decision_maker", "user", "technical", "influencer", "coach", "insider"}
	tests := []struct {
		schema *schema.Schema
		path   string // keys joined by "/"
		lang   string
		check  func(f schema.Field) string
	}{
		{schema.Deal(), "", "en", func(f schema.Field) string {
			return all(
				eq("Type", f.Type, "object"),
				eq("Properties[:4]", f.Properties[:4], []string{"id", "title", "account", "product"}),
				eq("Properties[-1]", f.Properties[len(f.Properties)-1], "lint"),
				eq("Required", f.Required, []string{"id", "title", "account", "product", "owner", "stage"}),
				prefix("Description", f.Description, "One B2B deal"))
		}},
		{schema.Deal(), "close_date", "en", func(f schema.Field) string {
			return all(eq("Type", f.Type, "string"), eq("Format", f.Format, "date"), prefix("Description", f.Description, "The date we expect"))
		}},
		{schema.Deal(), "close_date", "zh", func(f schema.Field) string {
			return all(eq("Format", f.Format, "date"), eq("Description", f.Description, "预计签约的日期（YYYY-MM-DD）。往后推一次就是一次推迟。"))
		}},
		{schema.Deal(), "key_players/[]/attitude", "zh", func(f schema.Field) string {
			return all(
				eq("Enum", f.Enum, []string{"champion", "supporter", "neutral", "skeptic", "opponent", "unknown"}),
				eq("len(EnumDescriptions)", len(f.EnumDescriptions), 6),
				eq("EnumDescriptions[0]", f.EnumDescriptions[0], "拥护者：在客户内部主动替我们推销。"),
				prefix("Description", f.Description, "此人对我们的态度。"))
		}},
		{schema.Deal(), "key_players/[]/attitude", "en", func(f schema.Field) string {
			return eq("EnumDescriptions[4]", f.EnumDescriptions[4], "Works against us.")
		}},
		{schema.Deal(), "key_players/[]/roles/[]", "zh", func(f schema.Field) string {
			return all(eq("Type", f.Type, "string"), eq("Enum", f.Enum, roles), prefix("EnumDescriptions[5]", f.EnumDescriptions[5], "内线"))
		}},
		{schema.Deal(), "key_players/[]/roles", "en", func(f schema.Field) string {
			return all(eq("Type", f.Type, "array"), eq("Enum", f.Enum, []string(nil)))
		}},
		{schema.Deal(), "key_players/[]", "en", func(f schema.Field) string {
			return all(eq("Required", f.Required, []string{"id", "name"}), eq("Properties[:3]", f.Properties[:3], []string{"id", "name", "title"}))
		}},
		{schema.Deal(), "amount/currency", "en", func(f schema.Field) string {
			return eq("Pattern", f.Pattern, "^[A-Z]{3}$")
		}},
		{schema.Deal(), "account", "fr", func(f schema.Field) string {
			return all(eq("Properties", f.Properties, []string{"name", "size", "region", "industry"}), eq("Required", f.Required, []string{"name", "size"}), eq("Description", f.Description, "The customer account this deal is with."))
		}},
		{schema.Deal(), "close/plan/[]/done", "zh", func(f schema.Field) string {
			return all(eq("Type", f.Type, "boolean"), eq("Description", f.Description, "里程碑达成后设为 true。"))
		}},
		{schema.Config(), "rules/players-coach", "zh", func(f schema.Field) string {
			return all(eq("Enum", f.Enum, []string{"error", "warning", "info", "off"}), eq("EnumDescriptions[3]", f.EnumDescriptions[3], "关闭：不检查。"))
		}},
		{schema.Config(), "currency/rates/CNY", "en", func(f schema.Field) string { return eq("Type", f.Type, "number") }},
		{schema.Config(), "targets/li-na/2027-Q1", "en", func(f schema.Field) string { return eq("Type", f.Type, "number") }},
		{schema.Config(), "stages/[]/name", "en", func(f schema.Field) string {
			return all(eq("Type", f.Type, "string|object"), eq("Properties", f.Properties, []string{"en", "zh"}))
		}},
		{schema.Config(), "stages/[]/name/zh", "zh", func(f schema.Field) string { return eq("Description", f.Description, "中文。") }},
		{schema.Config(), "team_rules/[]/examples/pass/[]", "zh", func(f schema.Field) string {
			return all(eq("Type", f.Type, "object"), prefix("Description", f.Description, "一个商机"))
		}},
		{schema.Config(), "language", "zh", func(f schema.Field) string {
			return all(eq("Enum", f.Enum, []string{"en", "zh"}), eq("EnumDescriptions", f.EnumDescriptions, []string{"英文。", "中文。"}))
		}},
	}
	for _, tt := range tests {
		t.Run(nameOf(tt.schema)+"/"+tt.path+"/"+tt.lang, func(t *testing.T) {
			f, ok := tt.schema.Field(keys(tt.path), tt.lang)
			if !ok {
				t.Fatal("not found")
			}
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%+v: %v", f, r)
				}
			}()
			if msg := tt.check(f); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestFieldUnknown(t *testing.T) {
	for _, path := range []string{"colour", "account/colour", "key_players/colour", "key_players/[]/nope", "close_date/[]", "title/x", "[]", "rules/x/y"} {
		for name, s := range schemas() {
			if f, ok := s.Field(keys(path), "zh"); ok {
				t.Errorf("%s: %s: %+v", name, path, f)
			}
		}
	}
}

// TestFieldFollows: $ref, allOf, anyOf, if, then, else,
// patternProperties and additionalProperties, on a schema of its own.
func TestFieldFollows(t *testing.T) {
	s, err := schema.Compile("t.json", []byte(`{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "definitions": {
    "person": {"type": "object", "description": "A person.", "properties": {"name": {"type": "string", "description": "Name."}}, "required": ["name"]}
  },
  "type": "object",
  "description": "Root.",
  "properties": {
    "owner": {"$ref": "#/definitions/person"},
    "team": {"type": "array", "items": {"$ref": "#/definitions/person", "description": "A member."}},
    "labels": {"type": "object", "patternProperties": {"^x-": {"type": "string", "description": "An extension."}}, "additionalProperties": {"type": "number"}},
    "self": {"$ref": "#"},
    "tuple": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}
  },
  "allOf": [{"properties": {"extra": {"type": "boolean", "description": "Added by allOf."}}, "required": ["extra"]}],
  "anyOf": [{"properties": {"maybe": {"type": "string"}}, "required": ["maybe"]}],
  "if": {"properties": {"kind": {"const": "a"}}},
  "then": {"properties": {"a_only": {"type": "integer", "description": "Then."}}},
  "else": {"properties": {"b_only": {"enum": [1, true, null, "x", {"a": [1, 2]}]}}}
}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]schema.Field{
		"": {Description: "Root.", Type: "object",
			Properties: []string{"owner", "team", "labels", "self", "tuple", "extra", "maybe", "kind", "a_only", "b_only"},
			Required:   []string{"extra"}},
		"owner":               {Description: "A person.", Type: "object", Properties: []string{"name"}, Required: []string{"name"}},
		"owner/name":          {Description: "Name.", Type: "string"},
		"team/[]":             {Description: "A member.", Type: "object", Properties: []string{"name"}, Required: []string{"name"}},
		"team/[]/name":        {Description: "Name.", Type: "string"},
		"labels/x-colour":     {Description: "An extension.", Type: "string"},
		"labels/weight":       {Type: "number"},
		"self/self/extra":     {Description: "Added by allOf.", Type: "boolean"},
		"self/owner/name":     {Description: "Name.", Type: "string"},
		"tuple/[]":            {Type: "string|integer"},
		"maybe":               {Type: "string"},
		"a_only":              {Description: "Then.", Type: "integer"},
		"b_only":              {Enum: []string{"1", "true", "null", "x", `{"a":[1,2]}`}},
		"kind":                {},
		"self/self/self/kind": {},
	}
	for path, want := range tests {
		got, ok := s.Field(keys(path), "zh")
		if !ok {
			t.Errorf("%q: not found", path)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", path, got, want)
		}
	}
	for _, path := range []string{"owner/age", "team/name", "nope"} {
		if f, ok := s.Field(keys(path), "en"); ok {
			t.Errorf("%q: %+v", path, f)
		}
	}
}

func nameOf(s *schema.Schema) string {
	if s == schema.Deal() {
		return "deal"
	}
	return "config"
}

func keys(path string) []string {
	if path == "" {
		return []string{}
	}
	return strings.Split(path, "/")
}

func eq(what string, got, want any) string {
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("%s = %#v, want %#v", what, got, want)
	}
	return ""
}

func prefix(what, got, want string) string {
	if !strings.HasPrefix(got, want) {
		return fmt.Sprintf("%s = %q, want it to start with %q", what, got, want)
	}
	return ""
}

func all(msgs ...string) string {
	var out []string
	for _, m := range msgs {
		if m != "" {
			out = append(out, m)
		}
	}
	return strings.Join(out, "; ")
}
