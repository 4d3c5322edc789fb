package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/dealsascode/deals/schema"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

func schemas() map[string]*schema.Schema {
	return map[string]*schema.Schema{"deal": schema.Deal(), "config": schema.Config()}
}

// TestValidDraft07 checks each schema against the draft-07 meta-schema.
func TestValidDraft07(t *testing.T) {
	meta := jsonschema.MustCompileString("meta.json", `{"$ref": "http://json-schema.org/draft-07/schema#"}`)
	for name, s := range schemas() {
		t.Run(name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal(s.JSON(), &doc); err != nil {
				t.Fatal(err)
			}
			if got := doc.(map[string]any)["$schema"]; got != "http://json-schema.org/draft-07/schema#" {
				t.Errorf("$schema = %v, want draft-07", got)
			}
			if err := meta.Validate(doc); err != nil {
				t.Errorf("not a valid draft-07 schema: %#v", err)
			}
		})
	}
}

// TestDocumented checks what editors show: every property has a
// description, every enum value its meaning, and every object rejects
// unknown keys.
func TestDocumented(t *testing.T) {
	for name, s := range schemas() {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(s.JSON(), &doc); err != nil {
				t.Fatal(err)
			}
			walk(t, "#", doc)
		})
	}
}

func walk(t *testing.T, path string, node map[string]any) {
	if desc, _ := node["description"].(string); desc == "" {
		t.Errorf("%s has no description", path)
	}
	if enum, ok := node["enum"].([]any); ok {
		descs, _ := node["enumDescriptions"].([]any)
		if len(descs) != len(enum) {
			t.Errorf("%s: %d enum values but %d enumDescriptions", path, len(enum), len(descs))
		}
	}
	if props, ok := node["properties"].(map[string]any); ok {
		if node["additionalProperties"] != false {
			t.Errorf("%s accepts unknown keys", path)
		}
		for k, v := range props {
			walk(t, path+"/properties/"+k, v.(map[string]any))
		}
	}
	if items, ok := node["items"].(map[string]any); ok {
		walk(t, path+"/items", items)
	}
	if ap, ok := node["additionalProperties"].(map[string]any); ok {
		walk(t, path+"/additionalProperties", ap)
	}
}

func TestJSONIsACopy(t *testing.T) {
	a := schema.Deal().JSON()
	a[0] = 'X'
	if bytes.Equal(a, schema.Deal().JSON()) {
		t.Error("JSON returns the embedded bytes themselves")
	}
}

func TestAt(t *testing.T) {
	tests := []struct {
		ptr  string
		want string
	}{
		{"/properties/account", "object"},
		{"/properties/account/properties/size", "string"},
		{"/properties/key_players/items/properties/roles", "array"},
		{"/properties/nope", "<nil>"},
		{"/required/0", "<nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.ptr, func(t *testing.T) {
			got := schema.Deal().At(tt.ptr)
			if s := fmt.Sprint(got["type"]); s != tt.want {
				t.Errorf("At(%q).type = %s, want %s", tt.ptr, s, tt.want)
			}
		})
	}
}

func TestCompileRejectsBrokenSchema(t *testing.T) {
	tests := map[string]string{
		"not json":    `{`,
		"bad keyword": `{"$schema": "http://json-schema.org/draft-07/schema#", "type": 5}`,
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := schema.Compile("x.json", []byte(src)); err == nil {
				t.Error("no error")
			}
		})
	}
}
