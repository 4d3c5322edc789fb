package schema_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/lsptest"
	"github.com/dealsascode/deals/schema"
	"go.lsp.dev/uri"
)

// TestEditorFlagsImpossibleDates runs yaml-language-server, the YAML
// checker of VS Code, Neovim and Helix, on a deal whose modeline points at
// the schema: a close date the calendar does not have is flagged while it
// is typed, before deals ever runs. YAML_LANGUAGE_SERVER names the
// server's script; without it the test is skipped, unless DEALS_E2E is
// set (CI), which makes a missing tool a failure.
func TestEditorFlagsImpossibleDates(t *testing.T) {
	server := os.Getenv("YAML_LANGUAGE_SERVER")
	if server == "" {
		if os.Getenv("DEALS_E2E") != "" {
			t.Fatal("YAML_LANGUAGE_SERVER is not set: install yaml-language-server from npm and name its bin/yaml-language-server")
		}
		t.Skip("YAML_LANGUAGE_SERVER is not set")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "deal.schema.json"), schema.Deal().JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(server, "--stdio")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	defer func() {
		if t.Failed() {
			t.Logf("yaml-language-server said:\n%s", stderr.String())
		}
	}()
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = in.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	c := lsptest.New(out, in)
	root := string(uri.File(dir))
	if _, err := c.Initialize(root, "en"); err != nil {
		t.Fatal(err)
	}
	deal := "# yaml-language-server: $schema=./deal.schema.json\nid: acme\ntitle: T\naccount:\n  name: A\n  size: large\nproduct:\n  name: P\n  complexity: simple\nowner: ana\nstage: prospect\nclose_date: %s\n"
	for i, c2 := range []struct {
		date    string
		flagged bool
	}{{"2027-02-30", true}, {"2027-04-31", true}, {"2027-13-01", true}, {"2027-2-3", true}, {"2027-03-31", false}, {"2028-02-29", false}} {
		u := string(uri.File(filepath.Join(dir, "deal"+string(rune('a'+i))+".yaml")))
		if err := c.Open(u, strings.Replace(deal, "%s", c2.date, 1), 1); err != nil {
			t.Fatal(err)
		}
		p, err := c.WaitPublished(u, func(lsptest.Published) bool { return true })
		if err != nil {
			t.Fatal(err)
		}
		flagged := false
		for _, d := range p.Diagnostics {
			if d.Range.Start.Line == 11 {
				flagged = true
			}
		}
		if flagged != c2.flagged {
			t.Errorf("close_date: %s: flagged %v, want %v (%v)", c2.date, flagged, c2.flagged, p.Diagnostics)
		}
	}
}
