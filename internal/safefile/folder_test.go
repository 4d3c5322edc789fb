package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

func TestFolderReplace(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  []string // the old folder's files; nil: none
		keep []string
		want []string // the files after Replace
	}{
		{name: "a new folder", want: []string{"index.html"}},
		{name: "replaces the old one", old: []string{"index.html", "stale.html"}, want: []string{"index.html"}},
		{name: "keeps what it is told", old: []string{".git/HEAD", "CNAME", "stale.html"}, keep: []string{".git", "CNAME", "absent"},
			want: []string{".git/HEAD", "CNAME", "index.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			for _, f := range tc.old {
				writeFile(t, filepath.Join(dir, f))
			}
			f, err := NewFolder(dir)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(f.Path, "index.html"))
			if err := f.Replace(tc.keep); err != nil {
				t.Fatal(err)
			}
			if got := files(t, dir); !slices.Equal(got, tc.want) {
				t.Errorf("files %v, want %v", got, tc.want)
			}
			if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
				t.Errorf("%d entries beside the folder, want none", len(entries)-1)
			}
			if err := f.Remove(); err != nil {
				t.Errorf("Remove after Replace: %v", err)
			}
		})
	}
}

// A name to keep that the new folder has too fails, and puts back what
// was moved.
func TestFolderReplaceClash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	writeFile(t, filepath.Join(dir, ".git", "HEAD"))
	writeFile(t, filepath.Join(dir, "CNAME"))
	f, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Remove()
	writeFile(t, filepath.Join(f.Path, "CNAME"))
	if err := f.Replace([]string{".git", "CNAME"}); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{".git/HEAD", "CNAME"}) {
		t.Errorf("the old folder has %v", got)
	}
	if err := f.Replace([]string{"../x"}); err == nil {
		t.Error("kept a path that is not a name")
	}
}

// The folders of builds whose process has ended are removed; a running
// process's are not, nor other folders.
func TestRemoveLeftovers(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	alive := strconv.Itoa(os.Getppid())
	for _, name := range []string{".site.new-12345", ".site.new-999999999-1", ".site.new-999999999-1.old",
		".site.new-" + alive + "-1", ".site.new-x", ".other.new-1", "site"} {
		if err := os.Mkdir(filepath.Join(parent, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(parent, ".site.new-5")) // a file, not a folder
	RemoveLeftovers(dir)
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".other.new-1", ".site.new-5", ".site.new-" + alive + "-1", ".site.new-x", "site"}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("left %v, want %v", names, want)
	}
}

func writeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(filepath.Base(path)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// files lists the files under dir, slash-separated.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
