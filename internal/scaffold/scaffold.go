// Package scaffold writes the files that start a deals repository or a deal.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

//go:embed files
var files embed.FS

// SchemaURL is where editors find the deal schema when a repository has
// no copy of its own.
const SchemaURL = "https://raw.githubusercontent.com/dealsascode/deals/main/schema/deal.schema.json"

// SchemaDir holds the repository's copies of the schemas, for editors.
const SchemaDir = ".deals"

// Deal is what a new deal file is made from.
type Deal struct {
	ID, Title, Account, Size, Region, Industry string
	Product, Complexity, Owner, Stage          string
	Amount                                     string // a plain number, or ""
	Currency, Close                            string
	// Schema is the modeline's schema: a path relative to the deal file,
	// or SchemaURL.
	Schema string
	// Today (YYYY-MM-DD) dates the examples in the comments, so that they
	// read as plausible; the default is the current date.
	Today string
}

// Day is the date n days after Today.
func (d Deal) Day(n int) string {
	t, err := time.Parse(time.DateOnly, d.Today)
	if err != nil {
		t = time.Now()
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// ExpectedClose is the close date, or an example one a quarter ahead.
func (d Deal) ExpectedClose() string {
	if d.Close != "" {
		return d.Close
	}
	return d.Day(120)
}

var dealTemplate = template.Must(template.New("deal.yaml.tmpl").Funcs(template.FuncMap{"yaml": source.YAMLText}).ParseFS(files, "files/deal.yaml.tmpl"))

// DealFile renders a new deal file.
func DealFile(d Deal) []byte {
	var b bytes.Buffer
	if err := dealTemplate.Execute(&b, d); err != nil {
		panic(err) // the template is embedded and its data plain strings
	}
	return b.Bytes()
}

// Repository lists the files of a new deals repository, by path relative
// to its root. The example deal is given by the caller.
func Repository(exampleDeal []byte, exampleName string) map[string][]byte {
	read := func(name string) []byte {
		b, err := fs.ReadFile(files, "files/"+name)
		if err != nil {
			panic(err)
		}
		return b
	}
	return map[string][]byte{
		"deals.config.yaml":               read("deals.config.yaml"),
		"deals/" + exampleName:            exampleDeal,
		".github/workflows/deals.yml":     read("github-workflow.yml"),
		".vscode/settings.json":           read("vscode-settings.json"),
		".editorconfig":                   read("editorconfig"),
		"README.md":                       read("README.md"),
		SchemaDir + "/deal.schema.json":   schema.Deal().JSON(),
		SchemaDir + "/config.schema.json": schema.Config().JSON(),
	}
}

// WriteNew writes files under dir, all or none: if any of them exists,
// nothing is written and the error (wrapping fs.ErrExist) names every one
// that does. Each file is written atomically.
func WriteNew(dir string, files map[string][]byte) error {
	var existing []string
	for name := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			existing = append(existing, name)
		}
	}
	if len(existing) > 0 {
		sort.Strings(existing)
		return fmt.Errorf("%s: %w; nothing was written", strings.Join(existing, ", "), fs.ErrExist)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := safefile.Create(filepath.Join(dir, filepath.FromSlash(name)), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
