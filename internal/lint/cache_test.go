package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/dealsascode/deals/internal/lint"
)

func TestCache(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, src := range []string{
		complete(t),
		edit(t, complete(t), "id: acme-erp", "id: other", "roles: [technical, coach]", "roles: [technical]"),
		edit(t, complete(t), "id: acme-erp", "id: third"),
		"id: [broken\n",
	} {
		p := filepath.Join(dir, string(rune('a'+i))+".yaml")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	// A copy of a deal elsewhere: same content, its own path in the findings.
	copyPath := filepath.Join(dir, "sub", "copy.yaml")
	os.MkdirAll(filepath.Dir(copyPath), 0o755)
	data, _ := os.ReadFile(files[1])
	os.WriteFile(copyPath, data, 0o644)
	files = append(files, copyPath)

	l := linter(t, "")
	cold := run(t, l, files, nil, nil)
	fields := 0
	for _, f := range cold.Findings {
		if f.Field != "" {
			fields++
		}
	}
	if fields == 0 {
		t.Fatal("no finding names a field: the cache would not be shown to keep them")
	}
	cacheFile := filepath.Join(t.TempDir(), "cache", "lint.gob")

	first := lint.OpenCache(cacheFile, "key-1")
	if got := run(t, l, files, first, nil); !reflect.DeepEqual(got, cold) {
		t.Fatalf("a run filling the cache differs from a run without one")
	}
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}

	warm := lint.OpenCache(cacheFile, "key-1")
	if got := run(t, l, files, warm, nil); !reflect.DeepEqual(got, cold) {
		t.Errorf("a run from the cache differs:\n%+v\nwant\n%+v", got, cold)
	}
	if hits := warm.Hits(); hits != 4 {
		t.Errorf("hits = %d, want 4 (the copy shares its content with b.yaml)", hits)
	}

	t.Run("changed content is linted again", func(t *testing.T) {
		os.WriteFile(files[2], []byte(edit(t, complete(t), "id: acme-erp", "id: third", "stage: negotiate", "stage: pitch")), 0o644)
		c := lint.OpenCache(cacheFile, "key-1")
		rep := run(t, l, files, c, nil)
		found := false
		for _, f := range rep.Findings {
			found = found || (f.File == files[2] && f.Rule == "deal-stage")
		}
		if !found || c.Hits() != 3 {
			t.Errorf("edited file not re-linted: hits %d, findings %v", c.Hits(), rep.Findings)
		}
	})
	t.Run("another key starts empty", func(t *testing.T) {
		c := lint.OpenCache(cacheFile, "key-2")
		run(t, l, files, c, nil)
		if c.Hits() != 0 {
			t.Errorf("hits = %d under another key", c.Hits())
		}
	})
	t.Run("a cache changed on disk is never trusted", func(t *testing.T) {
		good, err := os.ReadFile(cacheFile)
		if err != nil {
			t.Fatal(err)
		}
		// A finding's message as the file holds it: changed, the file
		// would still decode, into a finding no rule made.
		at := -1
		for _, f := range cold.Findings {
			if at = bytes.Index(good, []byte(f.Message)); at >= 0 {
				break
			}
		}
		if at < 0 {
			t.Fatal("the cache holds no message as it is")
		}
		want := run(t, l, files, nil, nil) // the files as they are now
		flipped := bytes.Clone(good)
		flipped[at] ^= 0x20
		for name, data := range map[string][]byte{
			"cut short":         good[:len(good)-10],
			"a message changed": flipped,
			"the sum changed":   append(bytes.Clone(good[:30]), append([]byte{good[30] ^ 1}, good[31:]...)...),
			"an earlier format": good[len("deals lint cache 2\n")+32:],
			"empty":             nil,
		} {
			bad := filepath.Join(t.TempDir(), "lint.gob")
			if err := os.WriteFile(bad, data, 0o644); err != nil {
				t.Fatal(err)
			}
			c := lint.OpenCache(bad, "key-1")
			if got := run(t, l, files, c, nil); !reflect.DeepEqual(got, want) || c.Hits() != 0 {
				t.Errorf("%s: %d hits, or findings other than linting finds", name, c.Hits())
			}
			if err := c.Save(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			again := lint.OpenCache(bad, "key-1")
			if run(t, l, files, again, nil); again.Hits() != 4 {
				t.Errorf("%s: the cache written again gives %d hits, want 4", name, again.Hits())
			}
		}
	})
	t.Run("a corrupt cache is ignored", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.gob")
		os.WriteFile(bad, []byte("not a cache"), 0o644)
		c := lint.OpenCache(bad, "key-1")
		if got := run(t, l, files[:1], c, nil); len(got.Errors) != 0 || c.Hits() != 0 {
			t.Errorf("errors %v, hits %d", got.Errors, c.Hits())
		}
		if err := c.Save(); err != nil {
			t.Errorf("could not replace a corrupt cache: %v", err)
		}
	})
}

// TestCacheExtras: what a run keeps beside its results comes back to the
// next run under the same key, only to it, and only if set again.
func TestCacheExtras(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lint.gob")
	c := lint.OpenCache(file, "k")
	if c.Extra("history") != nil {
		t.Fatal("a new cache has an extra")
	}
	c.SetExtra("history", []byte("memo 1"))
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if got := lint.OpenCache(file, "other").Extra("history"); got != nil {
		t.Errorf("another key reads %q", got)
	}
	next := lint.OpenCache(file, "k")
	if got := next.Extra("history"); string(got) != "memo 1" {
		t.Errorf("extra = %q, want memo 1", got)
	}
	if err := next.Save(); err != nil {
		t.Fatal(err)
	}
	if got := lint.OpenCache(file, "k").Extra("history"); got != nil {
		t.Errorf("an extra not set again is kept: %q", got)
	}
}
