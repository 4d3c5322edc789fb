// Package scaffold writes the files that start a deals repository or a deal.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/dealsascode/deals/schema"
	"gopkg.in/yaml.v3"
)

//go:embed files
var files embed.FS

// SchemaURL is where editors find the deal schema when a repository has
// no copy of its own.
const SchemaURL = "https://raw.githubusercontent.com/dealsascode/deals/main/schema/deal.schema.json"

// SchemaDir holds the repository's copies of the schemas, for editors.
const SchemaDir = ".deals"

// ErrExists is returned when a file to be written is already there:
// scaffolding never overwrites.
var ErrExists = errors.New("already exists")

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

var dealTemplate = template.Must(template.New("deal.yaml.tmpl").Funcs(template.FuncMap{"yaml": yamlScalar}).ParseFS(files, "files/deal.yaml.tmpl"))

// yamlScalar writes a string as a YAML scalar, quoted only when it must
// be, and on one line: the template puts it after a key.
func yamlScalar(s string) string {
	node := yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r") {
		node.Style = yaml.DoubleQuotedStyle
	}
	out, err := yaml.Marshal(&node)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

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
// nothing is written and the error names every one that does. Each file
// is written to a temporary name and renamed into place.
func WriteNew(dir string, files map[string][]byte) error {
	var existing []string
	for name := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			existing = append(existing, name)
		}
	}
	if len(existing) > 0 {
		sort.Strings(existing)
		return fmt.Errorf("%w: %s (nothing was written)", ErrExists, strings.Join(existing, ", "))
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := WriteFile(filepath.Join(dir, filepath.FromSlash(name)), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile writes data to path through a temporary file in the same
// folder and a rename, so that a reader never sees half a file. It refuses
// to replace an existing file.
func WriteFile(path string, data []byte, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Link, not rename: a link fails if the name is taken, so a file that
	// appeared meanwhile is not overwritten.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s %w", path, ErrExists)
		}
		if _, statErr := os.Lstat(path); statErr == nil {
			return fmt.Errorf("%s %w", path, ErrExists)
		}
		return os.Rename(tmp.Name(), path) // file systems without hard links
	}
	return nil
}
