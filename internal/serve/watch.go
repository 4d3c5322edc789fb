package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/fsnotify/fsnotify"
)

// watcher watches folders with all their subfolders, and single files
// through their folder. fsnotify watches one folder at a time: folders
// made later are added as they appear.
type watcher struct {
	fs    *fsnotify.Watcher
	log   io.Writer
	words i18n.Printer
	// trees are the folders watched with their subfolders; files are
	// single files, watched through their folder.
	trees map[string]bool
	files map[string]bool
}

// newWatcher watches roots, folders or files, which must exist, and files,
// which may be made later.
func newWatcher(roots, files []string, log io.Writer, lang i18n.Lang) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, i18n.Wrap(err, "serve.watch.none", "error", err)
	}
	if lang == "" {
		lang = i18n.English
	}
	w := &watcher{fs: fw, log: log, words: i18n.UI().Printer(lang), trees: map[string]bool{}, files: map[string]bool{}}
	for _, root := range roots {
		if err := w.addRoot(root); err != nil {
			w.close()
			return nil, err
		}
	}
	for _, f := range files {
		if err := w.addFile(f); err != nil {
			w.close()
			return nil, err
		}
	}
	return w, nil
}

// addFile watches a file through its folder, so that it is seen when it is
// made, replaced or removed.
func (w *watcher) addFile(file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if err := w.fs.Add(filepath.Dir(abs)); err != nil {
		return i18n.Wrap(err, "serve.watch.cannot", "path", file, "error", unwrapPath(err))
	}
	w.files[abs] = true
	return nil
}

func (w *watcher) close() { _ = w.fs.Close() }

func (w *watcher) addRoot(root string) error {
	abs, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return i18n.Wrap(err, "serve.watch.cannot", "path", root, "error", unwrapPath(err))
	}
	if !info.IsDir() {
		return w.addFile(root)
	}
	if err := w.fs.Add(abs); err != nil {
		return i18n.Wrap(err, "serve.watch.cannot", "path", root, "error", err)
	}
	w.trees[abs] = true
	w.addTree(abs)
	return nil
}

// addTree watches the subfolders of dir, except those deals never reads.
// A folder that cannot be watched is reported and skipped.
func (w *watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintln(w.log, w.words.T("serve.watch.skipped", "path", p, "error", unwrapPath(err)))
			return nil
		}
		if !e.IsDir() || p == dir && w.trees[p] {
			return nil
		}
		if ignoredDir(p) {
			return filepath.SkipDir
		}
		if err := w.fs.Add(p); err != nil {
			fmt.Fprintln(w.log, w.words.T("serve.watch.skipped", "path", p, "error", err))
			return filepath.SkipDir
		}
		w.trees[p] = true
		return nil
	})
}

// removeTree forgets dir and its subfolders, gone or moved away.
func (w *watcher) removeTree(dir string) {
	prefix := dir + string(filepath.Separator)
	for d := range w.trees {
		if d == dir || strings.HasPrefix(d, prefix) {
			_ = w.fs.Remove(d) // already gone with the folder, usually
			delete(w.trees, d)
		}
	}
}

// ignoredDir reports the folders deals never reads deals from, as
// the reader skips them: hidden ones (.git), node_modules, vendor, and the
// sites deals build writes.
func ignoredDir(p string) bool {
	name := filepath.Base(p)
	if strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor" {
		return true
	}
	_, err := os.Stat(filepath.Join(p, repo.SiteMarker))
	return err == nil
}

// changed handles one event, keeping the watched folders up to date, and
// reports whether it may change the site.
func (w *watcher) changed(ev fsnotify.Event) bool {
	p := filepath.Clean(ev.Name)
	if w.files[p] || !w.trees[filepath.Dir(p)] {
		return w.files[p] && ev.Op&(fsnotify.Create|fsnotify.Write|fsnotify.Remove|fsnotify.Rename) != 0
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(p); err == nil && info.IsDir() {
			if ignoredDir(p) {
				return false
			}
			if err := w.fs.Add(p); err != nil {
				fmt.Fprintln(w.log, w.words.T("serve.watch.skipped", "path", p, "error", err))
				return true
			}
			w.trees[p] = true
			w.addTree(p)
			return true // it may have come with deal files (moved in)
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.trees[p] {
			w.removeTree(p)
			return true
		}
	}
	name := filepath.Base(p)
	if strings.HasPrefix(name, ".") {
		return false // editors' swap and backup files
	}
	ext := strings.ToLower(filepath.Ext(name))
	return (ext == ".yaml" || ext == ".yml") && ev.Op&(fsnotify.Create|fsnotify.Write|fsnotify.Remove|fsnotify.Rename) != 0
}

// rescan watches every folder again, after the system dropped events.
func (w *watcher) rescan() {
	for d := range w.trees {
		if _, err := os.Stat(d); err != nil {
			w.removeTree(d)
		}
	}
	for d := range w.trees {
		w.addTree(d)
	}
}

// watch rebuilds the site once the watched files have been quiet for a
// moment after a change, until ctx is done. The paths that changed are
// passed on: the site reads them again whatever their size and time say.
func (s *server) watch(ctx context.Context, w *watcher) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var pending bool
	var first time.Time // the first change not yet built
	changed := map[string]bool{}
	schedule := func() {
		now := time.Now()
		if !pending {
			pending, first = true, now
		}
		wait := debounce
		if left := first.Add(maxDelay).Sub(now); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if w.changed(ev) {
				changed[filepath.Clean(ev.Name)] = true
				schedule()
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(s.opts.Log, s.words().T("serve.watch.failed", "error", err))
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Which files changed is lost: all are read again.
				w.rescan()
				s.live.Distrust()
				schedule()
			}
		case <-timer.C:
			pending = false
			paths := make([]string, 0, len(changed))
			for p := range changed {
				paths = append(paths, p)
			}
			clear(changed)
			_ = s.rebuild(ctx, false, paths) // a failure is shown on the pages
		}
	}
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// message repeats otherwise.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
