// Package scaffold writes the files that start a deals repository or a deal.
package scaffold

import (
	"bytes"
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"text/template"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

// files holds, in English, every file a new repository or deal starts
// from; files/LANG holds the same files for people (the ones with words in
// them) in another language.
//
//go:embed files
var files embed.FS

// langFiles are the files that are written in the team's language: each
// exists in files/ and in files/LANG for every other language.
var langFiles = []string{"deal.yaml.tmpl", "deals.config.yaml", "github-workflow.yml", "README.md", "editorconfig"}

// langFile is where a file of langFiles is in lang; the zero Lang is English.
func langFile(lang i18n.Lang, name string) string {
	if lang == "" || lang == i18n.English {
		return "files/" + name
	}
	return "files/" + string(lang) + "/" + name
}

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

// dealTemplates are the new deal file in each language, its comments
// explaining each TAS step.
var dealTemplates = func() map[i18n.Lang]*template.Template {
	out := map[i18n.Lang]*template.Template{}
	for _, l := range i18n.Langs {
		out[l] = template.Must(template.New("deal.yaml.tmpl").Funcs(template.FuncMap{"yaml": source.YAMLText}).ParseFS(files, langFile(l, "deal.yaml.tmpl")))
	}
	return out
}()

// DealFile renders a new deal file, its comments in lang (the zero Lang
// is English).
func DealFile(d Deal, lang i18n.Lang) []byte {
	t := dealTemplates[lang]
	if t == nil {
		t = dealTemplates[i18n.English]
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		panic(err) // the template is embedded and its data plain strings
	}
	return b.Bytes()
}

// Example is the example deal of a new repository, its account and
// title in lang.
func Example(lang i18n.Lang) Deal {
	p := i18n.UI().Printer(lang)
	return Deal{
		ID: "example-acme-erp", Title: p.T("init.example.title"),
		Account: p.T("init.example.account"), Size: "large", Region: p.T("init.example.region"), Industry: p.T("init.example.industry"),
		Product: p.T("init.example.product"), Complexity: "complex", Owner: "your-id", Stage: "prospect",
		Schema: "../" + SchemaDir + "/deal.schema.json",
	}
}

// Repository lists the files of a new deals repository, by path relative
// to its root, their words in lang. The example deal is given by the
// caller.
func Repository(lang i18n.Lang, exampleDeal []byte, exampleName string) map[string][]byte {
	read := func(name string) []byte {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			panic(err) // the files are embedded; a test checks every language has them
		}
		return b
	}
	return map[string][]byte{
		"deals.config.yaml":               read(langFile(lang, "deals.config.yaml")),
		"deals/" + exampleName:            exampleDeal,
		".github/workflows/deals.yml":     read(langFile(lang, "github-workflow.yml")),
		".vscode/settings.json":           read("files/vscode-settings.json"),
		".editorconfig":                   read(langFile(lang, "editorconfig")),
		"README.md":                       read(langFile(lang, "README.md")),
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
		return i18n.Wrap(fs.ErrExist, "init.exists", "files", existing)
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
