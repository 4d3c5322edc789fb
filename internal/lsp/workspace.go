package lsp

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
)

// workspace is one deals repository: its configuration and the ids of the
// deal files on disk, which the cross-file rules compare an open deal with.
// It is changed only under the server's lock, and replaced rather than
// changed where a lint in progress may be reading it.
type workspace struct {
	// root is the folder of the configuration; cfgFile its path, "" when
	// there is none (a deal file named by its schema modeline alone).
	root, cfgFile string
	tree          repo.Tree
	reader        *repo.Reader
	// cfg and linter are those of the configuration as last parsed without
	// problems, so that deals are still coached while it is being edited;
	// nil when it never parsed.
	cfg    *config.Config
	linter *lint.Linter
	// today is the date the linter judges on.
	today string
	// problems are what is wrong with the configuration as now written.
	problems error
	// disk are the deal files on disk by name relative to root, in order.
	disk  map[string]lint.DealRef
	names []string
}

// openWorkspace reads the configuration cfgFile ("" for the defaults,
// rooted at dir) and indexes the deal files under it.
func openWorkspace(cfgFile, dir string, forced, fallback i18n.Lang, today string) *workspace {
	w := &workspace{root: dir, cfgFile: cfgFile}
	if cfgFile != "" {
		w.root = filepath.Dir(cfgFile)
	}
	tree, err := repo.Disk(w.root)
	if err != nil {
		w.problems = err
		return w
	}
	w.tree, w.root = tree, tree.Dir
	var cfg *config.Config
	if cfgFile == "" {
		cfg = config.Default()
		cfg.Root = w.root
	} else {
		cfg, err = tree.Config(cfgFile)
	}
	w.setConfig(cfg, err, forced, fallback, today)
	w.index()
	return w
}

// setConfig takes a configuration as parsed, with its problems; a
// configuration with problems leaves the last good one in force. The
// findings are in the forced language (--lang) when there is one, else in
// the configuration's, else in the fallback (the editor's).
func (w *workspace) setConfig(cfg *config.Config, err error, forced, fallback i18n.Lang, today string) {
	w.problems = err
	if err != nil {
		return
	}
	lang := forced
	if lang == "" && cfg.LanguageAt.IsValid() {
		lang = cfg.Language
	}
	if lang == "" {
		lang = fallback
	}
	linter, err := lint.New(cfg, today)
	if err != nil {
		w.problems = err
		return
	}
	w.cfg, w.linter, w.today = cfg, linter.WithLang(lang), today
	w.reader = repo.New(w.tree, cfg)
}

// index reads the id of every deal file on disk. Only the id is read where
// it is written plainly (deal.QuickID), so that a repository of 10,000
// deals is indexed in a fraction of a second.
func (w *workspace) index() {
	w.disk = map[string]lint.DealRef{}
	w.names = nil
	if w.cfg == nil {
		return
	}
	rd, files, _ := repo.FindOnDisk(w.cfg, w.root)
	if rd == nil {
		return
	}
	refs := make([]lint.DealRef, len(files))
	rd.Read(files, func(i int, l *repo.Loaded) {
		refs[i] = lint.DealRef{File: w.rel(rd.Real(files[i])), ID: l.ID()}
	})
	for _, r := range refs {
		if r.File != "" {
			w.disk[r.File] = r
		}
	}
	w.sortNames()
}

func (w *workspace) sortNames() {
	w.names = w.names[:0]
	for name := range w.disk {
		w.names = append(w.names, name)
	}
	sort.Strings(w.names)
}

// rel is an absolute path as the workspace names it: relative to its root,
// with slashes; "" for a path outside it.
func (w *workspace) rel(abs string) string {
	r, err := filepath.Rel(w.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

// isDeal reports whether the file at abs is a deal file of the workspace:
// what deals lint would check. Without a configuration, a file is a deal
// when its modeline names the deal schema.
func (w *workspace) isDeal(abs string, content string) bool {
	if w.cfgFile == "" {
		return hasDealModeline(content)
	}
	if w.reader == nil {
		return filepath.Base(abs) != config.FileName && repo.IsYAML(abs)
	}
	name := w.rel(abs)
	if name == "" {
		return false
	}
	treePath, err := w.tree.Path(abs)
	if err != nil {
		return false
	}
	return w.reader.IsDeal(treePath)
}

// realPath is p with its symbolic links resolved, as the workspace's tree
// names files; a file that does not exist yet (an unsaved new deal) is
// resolved through its folder.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(r, filepath.Base(p))
	}
	return p
}

// hasDealModeline reports whether the first lines of a file point
// yaml-language-server at a deal schema.
func hasDealModeline(s string) bool {
	for i, line := range strings.SplitN(s, "\n", 6) {
		if i == 5 {
			break
		}
		if strings.Contains(line, "yaml-language-server:") && strings.Contains(line, "deal.schema.json") {
			return true
		}
	}
	return false
}

// refresh re-reads one deal file from disk after it changed there, or
// forgets it when it is gone or is no deal.
func (w *workspace) refresh(abs string) {
	name := w.rel(abs)
	if name == "" || w.cfg == nil {
		return
	}
	_, had := w.disk[name]
	data, err := os.ReadFile(abs)
	if err != nil || len(data) > deal.MaxFileSize || !w.isDeal(abs, string(data)) {
		if had {
			delete(w.disk, name)
			w.sortNames()
		}
		return
	}
	id, ok := deal.QuickID(data)
	if !ok {
		if d, _ := deal.Parse(name, data); d != nil {
			id = d.ID
		}
	}
	w.disk[name] = lint.DealRef{File: name, ID: id}
	if !had {
		w.sortNames()
	}
}

// refs are the deals the cross-file rules compare, in the order of their
// names: those on disk, with the open deals as the editor holds them in
// their place.
func (w *workspace) refs(open map[string]lint.DealRef) []lint.DealRef {
	out := make([]lint.DealRef, 0, len(w.names)+len(open))
	for _, name := range w.names {
		if r, ok := open[name]; ok {
			out = append(out, r)
			continue
		}
		out = append(out, w.disk[name])
	}
	var extra []lint.DealRef
	for name, r := range open {
		if _, ok := w.disk[name]; !ok {
			extra = append(extra, r)
		}
	}
	if len(extra) > 0 {
		out = append(out, extra...)
		sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	}
	return out
}

// configProblems are the positioned problems of the configuration, by the
// file they are in (the configuration, or a rule pack it includes).
func (w *workspace) configProblems() map[string][]*source.Error {
	out := map[string][]*source.Error{}
	var walk func(err error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var se *source.Error
		if errors.As(err, &se) {
			file := se.File
			switch {
			case file == "":
				file = w.cfgFile
			case !filepath.IsAbs(file):
				// Files are named relative to the current folder
				// (repo.Tree.Name).
				if abs, err := filepath.Abs(file); err == nil {
					file = abs
				}
			}
			out[file] = append(out[file], se)
			return
		}
		out[w.cfgFile] = append(out[w.cfgFile], &source.Error{File: w.cfgFile, Pos: source.Pos{Line: 1, Col: 1}, Msg: err.Error(), Err: err})
	}
	walk(w.problems)
	return out
}
