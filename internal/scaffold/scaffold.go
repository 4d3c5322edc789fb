// Package scaffold writes the files that start a deals repository or a deal.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
// to its root, their words (and the schemas' descriptions) in lang, its
// base currency base (as CurrencyCode checks it; "" is DefaultCurrency).
// The example deal is given by the caller.
func Repository(lang i18n.Lang, base string, exampleDeal []byte, exampleName string) map[string][]byte {
	read := func(name string) []byte {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			panic(err) // the files are embedded; a test checks every language has them
		}
		return b
	}
	cfg := read(langFile(lang, "deals.config.yaml"))
	if base != "" {
		cfg = bytes.Replace(cfg, []byte("\n"+baseLine+DefaultCurrency+"\n"), []byte("\n"+baseLine+base+"\n"), 1)
	}
	return map[string][]byte{
		"deals.config.yaml":               cfg,
		"deals/" + exampleName:            exampleDeal,
		".github/workflows/deals.yml":     read(langFile(lang, "github-workflow.yml")),
		".vscode/settings.json":           read("files/vscode-settings.json"),
		".editorconfig":                   read(langFile(lang, "editorconfig")),
		"README.md":                       read(langFile(lang, "README.md")),
		SchemaDir + "/deal.schema.json":   schema.Deal().JSONIn(string(lang)),
		SchemaDir + "/config.schema.json": schema.Config().JSONIn(string(lang)),
	}
}

// ErrInTheWay is wrapped by a ConflictError whose paths are not folders
// where the new files need one, or links that lead nowhere or out of the
// folder.
var ErrInTheWay = errors.New("in the way of the new files")

// ConflictError says why WriteNew wrote nothing: the files that exist
// (it wraps fs.ErrExist), and what stands where it makes a folder (it
// wraps ErrInTheWay). Paths are relative to the folder, slash-separated.
type ConflictError struct {
	Existing []string
	// NotFolders are files (or other things) where a folder goes; Links
	// are links on the way that lead nowhere or out of the folder.
	NotFolders, Links []string
}

func (e *ConflictError) Error() string { return e.In(i18n.UI().Printer(i18n.English)) }

// In is the error in p's language.
func (e *ConflictError) In(p i18n.Printer) string {
	var parts []string
	for _, part := range []struct {
		key   string
		paths []string
	}{{"init.conflict.exists", e.Existing}, {"init.conflict.notFolder", e.NotFolders}, {"init.conflict.link", e.Links}} {
		if len(part.paths) > 0 {
			parts = append(parts, p.T(part.key, "files", part.paths))
		}
	}
	return p.T("init.nothingWritten", "problems", strings.Join(parts, p.T("init.conflict.and")))
}

func (e *ConflictError) Unwrap() []error {
	var out []error
	if len(e.Existing) > 0 {
		out = append(out, fs.ErrExist)
	}
	if len(e.NotFolders)+len(e.Links) > 0 {
		out = append(out, ErrInTheWay)
	}
	return out
}

// DefaultCurrency is the base currency of a new repository unless told
// another.
const DefaultCurrency = "USD"

// baseLine starts the line of the base currency in the configuration
// files a repository starts from.
const baseLine = "  base: "

// WriteNew writes files under dir, all or none. Everything is checked
// before anything is written: if any of the files exists, or a folder
// they go in is a file or a link that leads nowhere or out of dir, nothing
// is written and the *ConflictError names every one. Each file is written
// atomically; if writing one fails, the files and folders written before
// it are removed.
func WriteNew(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	if err := checkNew(dir, names); err != nil {
		return err
	}
	var made []string // what was written, to remove if a later file fails
	undo := func() {
		for i := len(made) - 1; i >= 0; i-- {
			_ = os.Remove(made[i])
		}
	}
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		for _, folder := range missingFolders(dir, name) {
			if err := os.Mkdir(folder, 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
				undo()
				return err
			} else if err == nil {
				made = append(made, folder)
			}
		}
		if err := safefile.Create(path, files[name], 0o644); err != nil {
			undo()
			return err
		}
		made = append(made, path)
	}
	return nil
}

// missingFolders are the folders from dir down to name's that do not exist
// yet, top first (dir itself included).
func missingFolders(dir, name string) []string {
	var out []string
	for p := filepath.Dir(filepath.Join(dir, filepath.FromSlash(name))); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil {
			break
		}
		out = append([]string{p}, out...)
		if p == filepath.Dir(p) {
			break
		}
	}
	return out
}

// checkNew finds what stands in the way of writing names under dir.
func checkNew(dir string, names []string) error {
	e := &ConflictError{}
	seen := map[string]bool{}
	top, topErr := filepath.EvalSymlinks(dir)
	if topErr == nil {
		top, topErr = filepath.Abs(top)
	}
	if _, err := os.Lstat(dir); err == nil {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			e.NotFolders = append(e.NotFolders, dir)
			return e
		}
	}
	for _, name := range names {
		parts := strings.Split(name, "/")
		// The folders on the way, then the file itself.
		for i := 1; i <= len(parts); i++ {
			rel := strings.Join(parts[:i], "/")
			if seen[rel] {
				continue
			}
			seen[rel] = true
			path := filepath.Join(dir, filepath.FromSlash(rel))
			info, err := os.Lstat(path)
			if err != nil {
				break // missing: made, with everything below it
			}
			if i == len(parts) {
				e.Existing = append(e.Existing, rel)
				break
			}
			if info.Mode()&fs.ModeSymlink != 0 {
				if !linkInside(path, top, topErr) {
					e.Links = append(e.Links, rel)
					break
				}
				info, err = os.Stat(path)
			}
			if err != nil || !info.IsDir() {
				e.NotFolders = append(e.NotFolders, rel)
				break
			}
		}
	}
	if len(e.Existing)+len(e.NotFolders)+len(e.Links) == 0 {
		return nil
	}
	sort.Strings(e.Existing)
	return e
}

// linkInside reports whether the link at path leads to something inside
// top, the real path of the folder being written.
func linkInside(path, top string, topErr error) bool {
	if topErr != nil {
		return false
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(top, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
