package repo_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/gittest"
	"github.com/dealsascode/deals/internal/history"
	"github.com/dealsascode/deals/internal/repo"
	"github.com/dealsascode/deals/internal/source"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reader is the reader of the work tree holding paths, under cfg.
func reader(t *testing.T, cfg *config.Config, paths ...string) *repo.Reader {
	t.Helper()
	tree, err := repo.Disk(append([]string{cfg.Root}, paths...)...)
	if err != nil {
		t.Fatal(err)
	}
	return repo.New(tree, cfg)
}

func names(files []repo.File) string {
	var out []string
	for _, f := range files {
		out = append(out, filepath.ToSlash(f.Name))
	}
	return strings.Join(out, " ")
}

func configAt(root string, exclude ...string) *config.Config {
	c := config.Default()
	c.Root = root
	c.Exclude = exclude
	return c
}

// layout is a repository with a file of every kind Find must tell apart.
func layout(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []string{
		"deals/a.yaml", "deals/sub/b.yml", "deals/.hidden.yaml", "deals/notes.txt",
		".github/workflows/ci.yml", "node_modules/x/y.yaml", "vendor/z.yaml",
		"deals.config.yaml", "_site/index.yaml", "_site/.deals-site", "ci/pipeline.yaml", "other/UPPER.YAML",
	} {
		write(t, filepath.Join(dir, f), "id: x\n")
	}
	return dir
}

func TestFind(t *testing.T) {
	dir := layout(t)
	t.Chdir(dir)
	if err := os.Symlink("a.yaml", filepath.Join(dir, "deals/link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "deals/sub"), filepath.Join(dir, "deals/linkdir")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(t.TempDir(), "elsewhere.yaml"), "id: y\n")
	cfg := configAt(".", "ci/*.yaml")

	tests := []struct {
		name  string
		paths []string
		want  string
	}{
		{"the repository", nil, "deals/a.yaml deals/sub/b.yml other/UPPER.YAML"},
		{"a folder", []string{"deals"}, "deals/a.yaml deals/sub/b.yml"},
		{"relative and absolute name one folder: each file once, by the first name",
			[]string{"deals", filepath.Join(dir, "deals")}, "deals/a.yaml deals/sub/b.yml"},
		{"a folder and a file in it", []string{"deals/sub/b.yml", "deals"}, "deals/a.yaml deals/sub/b.yml"},
		{"the same file twice", []string{"deals/a.yaml", "./deals/a.yaml"}, "deals/a.yaml"},
		{"a link and its target are one file, under the file's own name", []string{"deals/link.yaml", "deals/a.yaml"}, "deals/a.yaml"},
		{"a link alone keeps its name", []string{"deals/link.yaml"}, "deals/link.yaml"},
		{"a linked folder is walked from its link", []string{"deals/linkdir"}, "deals/linkdir/b.yml"},
		{"an explicit file is always included", []string{"deals/notes.txt", "ci/pipeline.yaml"}, "ci/pipeline.yaml deals/notes.txt"},
		{"a hidden folder named explicitly is walked", []string{".github"}, ".github/workflows/ci.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, errs := reader(t, cfg, tt.paths...).Find(tt.paths)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := names(files); got != tt.want {
				t.Errorf("Find(%q) = %s\nwant %s", tt.paths, got, tt.want)
			}
		})
	}

	t.Run("missing path", func(t *testing.T) {
		_, errs := reader(t, cfg).Find([]string{"nope"})
		var se *source.Error
		if len(errs) != 1 || !errors.As(errs[0], &se) || se.File != "nope" || !strings.Contains(se.Msg, "no such file") {
			t.Errorf("errs = %v", errs)
		}
	})
	t.Run("symlink loop and dangling link are reported, the rest still found", func(t *testing.T) {
		loopDir := t.TempDir()
		write(t, filepath.Join(loopDir, "good.yaml"), "id: x\n")
		os.Symlink(filepath.Join(loopDir, "b.yaml"), filepath.Join(loopDir, "a.yaml"))
		os.Symlink(filepath.Join(loopDir, "a.yaml"), filepath.Join(loopDir, "b.yaml"))
		os.Symlink(filepath.Join(loopDir, "gone"), filepath.Join(loopDir, "dangling.yaml"))
		files, errs := reader(t, configAt(loopDir), loopDir).Find([]string{loopDir})
		if len(files) != 1 || !strings.HasSuffix(files[0].Name, "good.yaml") {
			t.Errorf("files = %v", names(files))
		}
		if len(errs) != 3 {
			t.Errorf("want 3 errors (two loop links, one dangling), got %v", errs)
		}
		for _, e := range errs {
			if !strings.Contains(e.Error(), "cannot read") {
				t.Errorf("error %q does not say cannot read", e)
			}
		}
	})
	t.Run("a named pipe named on the command line is refused, not opened", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "pipe.yaml")
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Skip(err)
		}
		files, errs := reader(t, cfg, fifo).Find([]string{fifo})
		if len(files) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "named pipe") {
			t.Errorf("files = %v, errs = %v", names(files), errs)
		}
	})
}

func TestIsDeal(t *testing.T) {
	dir := layout(t)
	r := reader(t, configAt(dir, "ci/*.yaml", "draft-*"), dir)
	for path, want := range map[string]bool{
		"deals/a.yaml":              true,
		"deals/sub/b.yml":           true,
		"other/UPPER.YAML":          true,
		"deals/gone-now.yaml":       true, // deleted files are still judged by their name
		"deals.config.yaml":         false,
		"deals/deals.config.yaml":   false,
		".github/workflows/ci.yml":  false,
		"deals/.hidden.yaml":        false,
		"deals/notes.txt":           false,
		"node_modules/x/y.yaml":     false,
		"vendor/z.yaml":             false,
		"_site/index.yaml":          false,
		"ci/pipeline.yaml":          false,
		"deals/draft-acme.yaml":     false,
		"deals/.git-crypt/key.yaml": false,
	} {
		if got := r.IsDeal(path); got != want {
			t.Errorf("IsDeal(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "deals/good.yaml", "id: good\ntitle: x\n")
	write(t, "deals/broken.yaml", "id: [\n")
	big := "id: big\nnotes: |\n" + strings.Repeat("  filler text\n", deal.MaxFileSize/14+100)
	write(t, "deals/big.yaml", big)
	if err := os.Mkdir("deals/folder.yaml", 0o755); err != nil {
		t.Fatal(err)
	}
	r := reader(t, configAt("."))
	files, errs := r.Find(nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := map[string]*repo.Loaded{}
	var mu sync.Mutex
	var progress []int
	r.Progress = func(done, total int) {
		mu.Lock()
		progress = append(progress, done)
		mu.Unlock()
	}
	r.Read(files, func(i int, l *repo.Loaded) {
		if files[i].Name != l.Name {
			t.Errorf("index %d is %s, loaded %s", i, files[i].Name, l.Name)
		}
		l.Parse()
		mu.Lock()
		got[filepath.ToSlash(l.Name)] = l
		mu.Unlock()
	})
	if names(files) != "deals/big.yaml deals/broken.yaml deals/good.yaml" {
		t.Fatalf("files = %s (a folder named .yaml is not a deal file)", names(files))
	}
	sort.Ints(progress)
	if len(progress) != 3 || progress[2] != 3 {
		t.Errorf("progress = %v", progress)
	}
	if d, problems := got["deals/good.yaml"].Parse(); d == nil || d.ID.Value != "good" || len(problems) == 0 {
		t.Errorf("good: %v %v", d, problems) // no title... : schema problems, still decoded
	}
	if d, problems := got["deals/broken.yaml"].Parse(); d != nil || len(problems) != 1 || !errors.Is(problems[0], source.ErrSyntax) {
		t.Errorf("broken: %v %v", d, problems)
	}
	l := got["deals/big.yaml"]
	if l.Data != nil {
		t.Error("a file over the limit is not read")
	}
	_, problems := l.Parse()
	wantKiB := (int64(len(big)) + 1023) >> 10
	if len(problems) != 1 || !errors.Is(problems[0], deal.ErrTooLarge) || !strings.Contains(problems[0].Msg, "is "+strconv.FormatInt(wantKiB, 10)+" KiB") {
		t.Errorf("big: %v (want its real size, %d KiB)", problems, wantKiB)
	}
	if l.ID().Set() {
		t.Error("a file too large has no id")
	}
	if id := got["deals/good.yaml"].ID(); id.Value != "good" || id.Pos != (source.Pos{Line: 1, Col: 5}) {
		t.Errorf("quick id = %v", id)
	}

	t.Run("unreadable", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads every file")
		}
		write(t, "secret/s.yaml", "id: s\n")
		os.Chmod("secret/s.yaml", 0)
		files, _ := r.Find([]string{"secret"})
		r.Read(files, func(i int, l *repo.Loaded) {
			var se *source.Error
			if !errors.As(l.Err, &se) || !strings.Contains(se.Error(), "permission denied") {
				t.Errorf("Err = %v", l.Err)
			}
		})
	})
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "deals.config.yaml", "review_max_age_days: 14\n")
	cfg, err := repo.LoadConfig("deals.config.yaml")
	if err != nil || cfg.ReviewMaxAgeDays != 14 {
		t.Fatalf("cfg = %v, err = %v", cfg, err)
	}
	if cfg, err := repo.LoadConfig(""); err != nil || cfg.File != "" {
		t.Errorf("no file: %v %v", cfg, err)
	}
	if _, err := repo.LoadConfig("missing.yaml"); err == nil || !strings.Contains(err.Error(), "missing.yaml: cannot read") {
		t.Errorf("missing: %v", err)
	}
	t.Run("a configuration linked to an endless file is refused without reading it", func(t *testing.T) {
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero")
		}
		os.Symlink("/dev/zero", "zero.yaml")
		if _, err := repo.LoadConfig("zero.yaml"); err == nil || !strings.Contains(err.Error(), "device") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a named pipe is refused, not opened", func(t *testing.T) {
		if err := syscall.Mkfifo("pipe.yaml", 0o644); err != nil {
			t.Skip(err)
		}
		if _, err := repo.LoadConfig("pipe.yaml"); err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("too large", func(t *testing.T) {
		write(t, "huge.yaml", "a: |\n"+strings.Repeat("  x\n", deal.MaxFileSize/4+10))
		_, err := repo.LoadConfig("huge.yaml")
		var se *source.Error
		if !errors.As(err, &se) || !errors.Is(err, deal.ErrTooLarge) || se.Line != 1 {
			t.Errorf("err = %v", err)
		}
	})
}

// TestRevision reads a commit through the same reader as the work tree.
func TestRevision(t *testing.T) {
	g := gittest.New(t, "2026-01-05")
	g.Write("deals.config.yaml", "exclude: [drafts/*]\n")
	g.Write("deals/a.yaml", "id: a\n")
	g.Write("deals/sub/b.yml", "id: b\n")
	g.Write("drafts/c.yaml", "id: c\n")
	g.Write(".github/workflows/deals.yml", "on: push\n")
	g.Write("deals/big.yaml", "a: |\n"+strings.Repeat("  x\n", deal.MaxFileSize/4+10))
	if err := os.Symlink("a.yaml", filepath.Join(g.Dir, "deals/link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/hostname", filepath.Join(g.Dir, "deals/outside.yaml")); err != nil {
		t.Fatal(err)
	}
	first := g.Commit("Li Na", "li@example.com", "first")
	g.Write("deals/a.yaml", "id: a2\n")
	g.Write("deals.config.yaml", "exclude: []\n")
	g.Commit("Li Na", "li@example.com", "second")
	t.Chdir(g.Dir)

	hr, err := history.Open(".")
	if err != nil {
		t.Fatal(err)
	}
	ht, err := hr.Tree(first)
	if err != nil {
		t.Fatal(err)
	}
	defer ht.Close()
	tree := repo.Tree{FS: ht, Dir: hr.Top, Rev: first}
	cfg, err := tree.Config("deals.config.yaml")
	if err != nil || len(cfg.Exclude) != 1 {
		t.Fatalf("the configuration of the revision: %v %v", cfg, err)
	}
	r := repo.New(tree, cfg)
	files, errs := r.Find(nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "outside.yaml: cannot read") {
		t.Errorf("errs = %v (a link out of the repository leads nowhere)", errs)
	}
	if got := names(files); got != "deals/a.yaml deals/big.yaml deals/sub/b.yml" {
		t.Errorf("files = %s (the link to a.yaml is a.yaml)", got)
	}
	ids := map[string]string{}
	var mu sync.Mutex
	r.Read(files, func(i int, l *repo.Loaded) {
		mu.Lock()
		defer mu.Unlock()
		if l.Err != nil {
			t.Error(l.Err)
		}
		_, problems := l.Parse()
		if len(problems) > 0 && errors.Is(problems[0], deal.ErrTooLarge) {
			ids[l.Path] = "too large"
			return
		}
		ids[l.Path] = l.ID().Value
	})
	if ids["deals/a.yaml"] != "a" || ids["deals/sub/b.yml"] != "b" || ids["deals/big.yaml"] != "too large" {
		t.Errorf("ids at the first commit: %v", ids)
	}
	// One file read alone goes through Open rather than the stream.
	r.Read(files[:1], func(i int, l *repo.Loaded) {
		if l.ID().Value != "a" {
			t.Errorf("alone: %q %v", l.ID().Value, l.Err)
		}
	})
	if _, err := tree.Config("nope.yaml"); err != nil {
		t.Errorf("a configuration the revision lacks gives the defaults, got %v", err)
	}
}
