// Command convert turns a deals repository into a Hugo site that mirrors the
// site `deals build` renders, so that the two can be benchmarked side by side.
//
//	go run ./bench/hugo/convert -in bench/out/10000 -out bench/out/hugo-10000
//
// It reads DIR/deals.config.yaml (stages, team, currency rates) and every deal
// file under DIR/deals, and writes SITEDIR/config.toml, the templates of
// bench/hugo/site (layouts/ and static/), and SITEDIR/content:
//
//	_index.md                  home page: the pipeline, all deals by stage
//	deals/_index.md            the deals section's list page: the forecast
//	deals/<id>.md              one page per deal: the deal's fields as YAML
//	                           front matter, its Markdown notes as the body
//	owners/<member>/_index.md  a team member (title, region, manager, email)
//	stages/<stage>/_index.md   a stage (title, weight = pipeline order)
//
// Owners, stages and accounts are Hugo taxonomies: every deal carries
// owners: [owner], stages: [stage] and accounts: [account name] in its front
// matter, so Hugo renders a page per person, per stage and per account, each
// listing that term's deals, and an index page per taxonomy.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/repo"
	"gopkg.in/yaml.v3"
)

// marker is written into every site this command makes: only such a folder
// (or an empty one) is cleared and written again.
const marker = ".deals-hugo-site"

func main() {
	in := flag.String("in", "", "deals repository: DIR/deals.config.yaml and DIR/deals/**/*.yaml (required)")
	out := flag.String("out", "", "Hugo site folder to write (required); must be empty, missing, or made by this command")
	tmpl := flag.String("templates", "", "folder with the site's layouts/ and static/ (default: bench/hugo/site next to this source)")
	today := flag.String("today", "2026-11-26", "the date the templates compare due dates with (YYYY-MM-DD)")
	jobs := flag.Int("j", runtime.NumCPU(), "files converted in parallel")
	quiet := flag.Bool("q", false, "print nothing on success")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: convert -in DIR -out SITEDIR [-templates DIR] [-today YYYY-MM-DD]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 || *jobs < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := time.Parse("2006-01-02", *today); err != nil {
		fmt.Fprintf(os.Stderr, "convert: -today: %v\n", err)
		os.Exit(2)
	}
	start := time.Now()
	n, err := run(*in, *out, templatesDir(*tmpl), *today, *jobs)
	if err != nil {
		fmt.Fprintf(os.Stderr, "convert: %v\n", err)
		os.Exit(1)
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "convert: wrote %d deal pages to %s in %s\n", n, *out, time.Since(start).Round(time.Millisecond))
	}
}

// templatesDir finds bench/hugo/site: the flag, else next to this source
// file (go run keeps its path), else relative to the working directory.
func templatesDir(flagged string) string {
	if flagged != "" {
		return flagged
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Join(filepath.Dir(file), "..", "site")
		if st, err := os.Stat(filepath.Join(dir, "layouts")); err == nil && st.IsDir() {
			return dir
		}
	}
	return filepath.Join("bench", "hugo", "site")
}

func run(in, out, tmpl, today string, jobs int) (int, error) {
	if st, err := os.Stat(filepath.Join(tmpl, "layouts")); err != nil || !st.IsDir() {
		return 0, fmt.Errorf("no layouts/ in %s: pass -templates", tmpl)
	}
	cfg, err := loadConfig(in)
	if err != nil {
		return 0, err
	}
	files, err := dealFiles(filepath.Join(in, "deals"))
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("no deal files (*.yaml, *.yml) under %s", filepath.Join(in, "deals"))
	}
	if err := prepare(out); err != nil {
		return 0, err
	}
	if err := copyTree(tmpl, out); err != nil {
		return 0, err
	}
	if err := writeConfig(out, cfg, today); err != nil {
		return 0, err
	}
	if err := writeListContent(out, cfg); err != nil {
		return 0, err
	}
	dealsDir := filepath.Join(out, "content", "deals")
	if err := os.MkdirAll(dealsDir, 0o755); err != nil {
		return 0, err
	}
	return convertAll(files, dealsDir, jobs)
}

func loadConfig(in string) (*config.Config, error) {
	file := filepath.Join(in, config.FileName)
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return config.Default(), nil
	}
	return repo.LoadConfig(file)
}

// dealFiles lists the YAML files under dir, sorted.
func dealFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// prepare makes out an empty site folder: missing, empty, or one this
// command wrote before (then its contents are removed).
func prepare(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
			return fmt.Errorf("%s is not empty and was not written by convert: choose another folder", out)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, marker), []byte("written by bench/hugo/convert; removed and rewritten by the next conversion\n"), 0o644)
}

// copyTree copies the site's layouts/ and static/ folders into out.
func copyTree(src, out string) error {
	for _, top := range []string{"layouts", "static"} {
		root := filepath.Join(src, top)
		if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(src, path)
			if err != nil {
				return err
			}
			dst := filepath.Join(out, rel)
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func writeConfig(out string, cfg *config.Config, today string) error {
	var b bytes.Buffer
	b.WriteString(`# Written by bench/hugo/convert: a Hugo site comparable to the one deals build renders.
baseURL = "/"
title = "Deals"
languageCode = "en"
# Only HTML pages: no feeds, sitemap, robots.txt or 404 page (deals build writes none).
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
disableHugoGeneratorInject = true
enableRobotsTXT = false
enableGitInfo = false
pluralizeListTitles = false
# The pipeline page lists every deal; give big sites time to render it.
timeout = "3600s"

[taxonomies]
owner = "owners"
stage = "stages"
account = "accounts"

[outputs]
home = ["HTML"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

[params]
`)
	fmt.Fprintf(&b, "today = %s\nbaseCurrency = %s\n", tomlString(today), tomlString(cfg.Currency.Base))
	// Plain keys before the first table: TOML puts every key after
	// [[params.stages]] into that table.
	var closed []string
	for _, s := range cfg.Stages {
		if !s.Open() {
			closed = append(closed, tomlString(s.ID))
		}
	}
	fmt.Fprintf(&b, "closed_stages = [%s]\n\n", strings.Join(closed, ", "))
	b.WriteString("# Pipeline stages in order; probability in percent weights the forecast.\n")
	for _, s := range cfg.Stages {
		name := s.Name
		if name == "" {
			name = s.ID
		}
		fmt.Fprintf(&b, "[[params.stages]]\nid = %s\nname = %s\nprobability = %s\nopen = %t\n\n",
			tomlString(s.ID), tomlString(name), strconv.FormatFloat(s.Probability, 'f', -1, 64), s.Open())
	}
	b.WriteString("# What one unit of each currency is worth in the base currency (keys lower case: Hugo lowers parameter keys).\n[params.rates]\n")
	codes := make([]string, 0, len(cfg.Currency.Rates))
	for c := range cfg.Currency.Rates {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "%s = %s\n", tomlString(strings.ToLower(c)), strconv.FormatFloat(cfg.Currency.Rates[c], 'g', -1, 64))
	}
	b.WriteString("\n# The team, to show names for owner and reviewer ids.\n")
	for _, m := range cfg.Team {
		fmt.Fprintf(&b, "[params.team.%s]\nname = %s\nregion = %s\nmanager = %s\nemail = %s\n\n",
			tomlString(strings.ToLower(m.ID)), tomlString(m.Name), tomlString(m.Region), tomlString(m.Manager), tomlString(m.Email))
	}
	return os.WriteFile(filepath.Join(out, "config.toml"), b.Bytes(), 0o644)
}

// frontMatter writes v as a Markdown file of YAML front matter and body.
func frontMatter(path string, v any, body string) error {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	b.WriteString("---\n")
	b.WriteString(body)
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// writeListContent writes the content of the list pages: home, the deals
// section, and a page per team member and per stage (the term pages of the
// owners and stages taxonomies; account term pages need no content file).
func writeListContent(out string, cfg *config.Config) error {
	content := filepath.Join(out, "content")
	type page struct {
		Title  string `yaml:"title"`
		Weight int    `yaml:"weight,omitempty"`
	}
	if err := os.MkdirAll(filepath.Join(content, "deals"), 0o755); err != nil {
		return err
	}
	if err := frontMatter(filepath.Join(content, "_index.md"), page{Title: "Pipeline"}, ""); err != nil {
		return err
	}
	if err := frontMatter(filepath.Join(content, "deals", "_index.md"), page{Title: "Forecast"}, ""); err != nil {
		return err
	}
	for _, m := range cfg.Team {
		dir := filepath.Join(content, "owners", strings.ToLower(m.ID))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		fm := map[string]string{"title": m.Name, "id": m.ID, "region": m.Region, "manager": m.Manager, "email": m.Email}
		if err := frontMatter(filepath.Join(dir, "_index.md"), fm, ""); err != nil {
			return err
		}
	}
	for i, s := range cfg.Stages {
		dir := filepath.Join(content, "stages", strings.ToLower(s.ID))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		name := s.Name
		if name == "" {
			name = s.ID
		}
		if err := frontMatter(filepath.Join(dir, "_index.md"), page{Title: name, Weight: i + 1}, ""); err != nil {
			return err
		}
	}
	return nil
}

// convertAll converts the deal files on jobs goroutines and checks that
// no two deals share an id.
func convertAll(files []string, dir string, jobs int) (int, error) {
	ids := make([]string, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ids[i], errs[i] = convert(files[i], dir)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	seen := make(map[string]string, len(ids))
	for i, id := range ids {
		if prev, ok := seen[id]; ok {
			return 0, fmt.Errorf("%s and %s both have id %q", prev, files[i], id)
		}
		seen[id] = files[i]
	}
	return len(files), nil
}

// convert writes one deal as DIR/<id>.md: the deal's mapping without notes
// and lint settings as front matter, plus the taxonomy terms, and the notes
// as the Markdown body.
func convert(file, dir string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return "", fmt.Errorf("%s: not a YAML mapping", file)
	}
	m := doc.Content[0]
	var id, owner, stage, account, notes string
	kept := m.Content[:0:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "id":
			id = v.Value
		case "owner":
			owner = v.Value
		case "stage":
			stage = v.Value
		case "account":
			for j := 0; j+1 < len(v.Content); j += 2 {
				if v.Content[j].Value == "name" {
					account = v.Content[j+1].Value
				}
			}
		case "notes":
			notes = v.Value
			continue
		case "lint":
			continue
		}
		kept = append(kept, k, v)
	}
	if id == "" {
		return "", fmt.Errorf("%s: no id", file)
	}
	if strings.ContainsAny(id, `/\`) {
		return "", fmt.Errorf("%s: id %q cannot be a file name", file, id)
	}
	term := func(key, value string) {
		if value == "" {
			return
		}
		kept = append(kept,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
			&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: yaml.SingleQuotedStyle},
			}})
	}
	term("owners", owner)
	term("stages", stage)
	term("accounts", account)
	m.Content = kept
	if notes != "" && !strings.HasSuffix(notes, "\n") {
		notes += "\n"
	}
	return id, frontMatter(filepath.Join(dir, id+".md"), m, notes)
}
