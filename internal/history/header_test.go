package history

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestHeaderEntries checks that reading only the header lines gives what
// parsing the whole file gives.
func TestHeaderEntries(t *testing.T) {
	inputs := map[string]string{
		"stage last":      "title: T\nkey_players:\n  - id: cfo\n    name: X\nid: a\nstage: develop\n",
		"flow amount":     "id: a\namount: {value: 5, currency: EUR}\nclose_date: 2027-01-31\n",
		"quoted, comment": "id: 'a' # the id\ntitle: \"T: the deal\"\nstage: qualify   # moved\n",
		"folded title":    "id: a\ntitle: >\n  A long\n  title\nstage: won\n",
		"nested id":       "plan:\n  actions:\n    - id: x\nid: real\n",
		"anchor":          "base: &b {value: 5}\namount: *b\nid: a\n",
		"document marker": "---\nid: a\nstage: won\n",
	}
	files, _ := filepath.Glob("../../examples/deals/*.yaml")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		inputs[filepath.Base(f)] = string(data)
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			var want header
			if err := yaml.Unmarshal([]byte(src), &want); err != nil {
				t.Fatal(err)
			}
			got := parseHeader([]byte(src))
			if got.err != nil || got.h != want {
				t.Errorf("header = %+v (%v), want %+v", got.h, got.err, want)
			}
		})
	}
}
