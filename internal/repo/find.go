package repo

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
)

// SiteMarker is written by deals build into its output folder; folders that
// hold it are generated and never searched for deals.
const SiteMarker = ".deals-site"

// Reader finds and reads the deal files of one tree under one configuration.
type Reader struct {
	Tree   Tree
	Config *config.Config
	// Progress, when set, is told how many of how many files Read has
	// done, from several goroutines at once.
	Progress func(done, total int)

	rootAbs string
	sites   sync.Map // folder in the tree -> whether it holds SiteMarker
}

// New makes the reader of the deals in tree under cfg.
func New(tree Tree, cfg *config.Config) *Reader {
	root, err := realAbs(cfg.Root)
	if err != nil {
		root = cfg.Root
	}
	return &Reader{Tree: tree, Config: cfg, rootAbs: root}
}

// File is one deal file the reader found.
type File struct {
	// Name is the file as people see it: the path they gave joined with
	// the path below it. On disk it opens the file.
	Name string
	// Path is where the file is in the tree.
	Path string
	// real is the file Path reaches through symbolic links.
	real string
}

// Find lists the deal files under paths (the configuration's folder when
// there are none), sorted by name: every .yaml and .yml file except the
// configuration, hidden files and folders, node_modules and vendor,
// generated sites, and what the configuration's exclude matches. A file
// named explicitly is always included. Each real file is listed once,
// however many paths or links lead to it: under its own name when that is
// among them, else under the first name it was reached by. Paths that cannot be read are errors; the rest is still found.
func (r *Reader) Find(paths []string) ([]File, []error) {
	if len(paths) == 0 {
		paths = []string{r.Config.Root}
	}
	var files []File
	var errs []error
	// seen is where each real file is in files, and whether it was found
	// through a link: the file's own name wins over a link's.
	type found struct {
		at   int
		link bool
	}
	seen := map[string]found{}
	add := func(f File, link bool) {
		if r.leaves(f) {
			errs = append(errs, source.Problem(f.Name, source.Pos{}, &outsideError{f.Name, r.Config.Root}, "repo.linkOutside"))
			return
		}
		prev, dup := seen[f.real]
		switch {
		case !dup:
			seen[f.real] = found{len(files), link}
			files = append(files, f)
		case prev.link && !link:
			files[prev.at] = f
			seen[f.real] = found{prev.at, false}
		}
	}
	for _, p := range paths {
		top, err := r.Tree.Path(p)
		if err != nil {
			errs = append(errs, readError(p, err))
			continue
		}
		info, err := fs.Stat(r.Tree.FS, top)
		if err != nil {
			errs = append(errs, readError(p, err))
			continue
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				errs = append(errs, notRegular(p, info))
				continue
			}
			real, err := r.Tree.realPath(top)
			if err != nil {
				real = top
			}
			link := r.Tree.OnDisk() && isLink(p)
			if link && r.linkLeaves(p) {
				errs = append(errs, source.Problem(filepath.Clean(p), source.Pos{}, &outsideError{p, r.Config.Root}, "repo.linkOutside"))
				continue
			}
			add(File{Name: filepath.Clean(p), Path: top, real: real}, link)
			continue
		}
		name := func(treePath string) string {
			if treePath == top {
				return filepath.Clean(p)
			}
			below := treePath
			if top != "." {
				below = strings.TrimPrefix(treePath, top+"/")
			}
			return filepath.Join(p, filepath.FromSlash(below))
		}
		err = fs.WalkDir(r.Tree.FS, top, func(treePath string, e fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, readError(name(treePath), err))
				return nil
			}
			base := e.Name()
			if e.IsDir() {
				if treePath != top && (skippedDir(base) || r.isSite(treePath)) {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(base, ".") || base == config.FileName || !IsYAML(base) || r.excluded(treePath) {
				return nil
			}
			real, link := treePath, false
			switch {
			case e.Type()&fs.ModeSymlink != 0:
				link = true
				target, err := fs.Stat(r.Tree.FS, treePath)
				if err != nil {
					errs = append(errs, readError(name(treePath), err))
					return nil
				}
				if !target.Mode().IsRegular() {
					return nil
				}
				if real, err = r.Tree.realPath(treePath); err != nil {
					errs = append(errs, readError(name(treePath), err))
					return nil
				}
			case !e.Type().IsRegular():
				return nil
			}
			add(File{Name: name(treePath), Path: treePath, real: real}, link)
			return nil
		})
		if err != nil {
			errs = append(errs, readError(p, err))
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, errs
}

// Linked reports whether the file is reached through a symbolic link (the
// file's or a folder's on its path).
func (f File) Linked() bool { return f.real != f.Path }

// leaves reports whether f is a link in the configuration's folder to a
// file outside it. Such a file is not the repository's: reading it would
// check, publish or rewrite a file that a clone of the repository does
// not have, somewhere its owner did not name.
func (r *Reader) leaves(f File) bool {
	return f.Linked() && !outsideRoot(r.fromRoot(f.Path)) && outsideRoot(r.fromRoot(f.real))
}

// linkLeaves is leaves for a link named on the command line, which the
// tree knows only by its target.
func (r *Reader) linkLeaves(p string) bool {
	dir, err := realAbs(filepath.Dir(p))
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(r.rootAbs, filepath.Join(dir, filepath.Base(p)))
	if err != nil || outsideRoot(filepath.ToSlash(rel)) {
		return false
	}
	target, err := realAbs(p)
	if err != nil {
		return false
	}
	rel, err = filepath.Rel(r.rootAbs, target)
	return err == nil && outsideRoot(filepath.ToSlash(rel))
}

func outsideRoot(rel string) bool { return rel == ".." || strings.HasPrefix(rel, "../") }

// File is the deal file at a path in the tree, named as Tree.Name names
// it; for files known some other way, such as a change git reports.
func (r *Reader) File(treePath string) File {
	real, err := r.Tree.realPath(treePath)
	if err != nil {
		real = treePath
	}
	return File{Name: r.Tree.Name(treePath), Path: treePath, real: real}
}

// Real is the absolute path on disk of the file f reaches.
func (r *Reader) Real(f File) string {
	return filepath.Join(r.Tree.Dir, filepath.FromSlash(f.real))
}

// IsDeal reports whether a file of the tree known some other way (a change
// in git) is a deal file by the rules Find applies to what it walks: a YAML
// file, not the configuration, not hidden or under a hidden, vendored or
// generated folder, not excluded.
func (r *Reader) IsDeal(treePath string) bool {
	base := path.Base(treePath)
	if !IsYAML(base) || base == config.FileName || strings.HasPrefix(base, ".") || r.excluded(treePath) {
		return false
	}
	rel := r.fromRoot(treePath)
	for _, d := range strings.Split(path.Dir(rel), "/") {
		if d != "." && d != ".." && skippedDir(d) {
			return false
		}
	}
	for dir := path.Dir(treePath); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if r.isSite(dir) {
			return false
		}
	}
	return true
}

// fromRoot is a tree path relative to the configuration's folder, with
// slashes; a path outside it starts with "..".
func (r *Reader) fromRoot(treePath string) string {
	abs := filepath.Join(r.Tree.Dir, filepath.FromSlash(treePath))
	rel, err := filepath.Rel(r.rootAbs, abs)
	if err != nil {
		return treePath
	}
	return filepath.ToSlash(rel)
}

// excluded matches the configuration's exclude globs against the path
// relative to the configuration's folder and against the file name. The
// rule packs the configuration includes are no deals either.
func (r *Reader) excluded(treePath string) bool {
	if len(r.Config.Exclude) == 0 && len(r.Config.Include) == 0 {
		return false
	}
	rel, base := r.fromRoot(treePath), path.Base(treePath)
	if r.Config.IsRulePack(rel) {
		return true
	}
	for _, g := range r.Config.Exclude {
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
		if ok, _ := path.Match(g, base); ok {
			return true
		}
	}
	return false
}

func (r *Reader) isSite(dir string) bool {
	if v, ok := r.sites.Load(dir); ok {
		return v.(bool)
	}
	_, err := fs.Stat(r.Tree.FS, join(dir, SiteMarker))
	r.sites.Store(dir, err == nil)
	return err == nil
}

// isLink reports whether a path on disk is a symbolic link.
func isLink(p string) bool {
	info, err := os.Lstat(p)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

func skippedDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor"
}

// IsYAML reports whether a file name has a YAML extension, the files deal
// files are among.
func IsYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

func notRegular(file string, info fs.FileInfo) error {
	return source.Problem(file, source.Pos{}, fs.ErrInvalid, "repo.notRegular."+safefile.Kind(info))
}

// FindOnDisk is the reader of the deals on disk under cfg and the deal
// files under paths (the configuration's folder when there are none).
func FindOnDisk(cfg *config.Config, paths ...string) (*Reader, []File, []error) {
	if len(paths) == 0 {
		paths = []string{cfg.Root}
	}
	tree, err := Disk(append([]string{cfg.Root}, paths...)...)
	if err != nil {
		return nil, nil, []error{err}
	}
	r := New(tree, cfg)
	files, errs := r.Find(paths)
	return r, files, errs
}
