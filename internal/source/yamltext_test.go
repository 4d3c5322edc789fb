package source

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestYAMLTextRoundTrips(t *testing.T) {
	for _, s := range []string{
		"ACME", "华新钢铁", "PDM: phase 2", "yes", "no", "null", "~", "123", "1e3", "2027-01-01",
		"#1 account", "- dash", "'quoted'", `"double"`, "a # b", "trailing ", " leading", "",
		"@at", "`tick", "%pct", "!bang", "&amp", "*star", "{brace}", "[list]", "a\nb", "tab\there", "x\r\ny",
	} {
		t.Run(s, func(t *testing.T) {
			out := YAMLText(s)
			if strings.Contains(out, "\n") {
				t.Fatalf("%q wrote more than one line: %q", s, out)
			}
			var back map[string]string
			if err := yaml.Unmarshal([]byte("k: "+out+"  # comment\n"), &back); err != nil {
				t.Fatalf("%q wrote %q, which does not parse: %v", s, out, err)
			}
			if back["k"] != s {
				t.Errorf("%q wrote %q, which reads back as %q", s, out, back["k"])
			}
		})
	}
}
