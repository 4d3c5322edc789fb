package lint

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
)

// Cache remembers what linting each file content found, so that an
// unchanged repository is read and hashed but not parsed again. It is
// keyed by everything else the result depends on (the program, the
// configuration, the date); a cache made under another key is ignored.
// The cache is an optimisation only: every failure to read or write it
// just means linting from scratch.
type Cache struct {
	file string
	key  string

	mu   sync.Mutex
	old  map[[32]byte]cached
	next map[[32]byte]cached
	// extras are what other parts of a run keep beside the results
	// (the history's memo), by name: read from the file, and to write.
	oldExtras, nextExtras map[string][]byte
}

// cached is one file's result without its path, which is put back on use:
// the same content gives the same findings wherever it lives.
type cached struct {
	Findings []cachedFinding
	Summary  *DealSummary
	ID       deal.Text
}

type cachedFinding struct {
	Pos      source.Pos
	Field    string
	Severity Severity
	Rule     string
	Step     Step
	Message  string
	Guess    string
}

type cacheFile struct {
	Key     string
	Entries map[[32]byte]cached
	Extras  map[string][]byte
}

// cacheMagic starts a cache file, followed by the SHA-256 of the rest: a
// file cut short or changed on disk fails the sum and is ignored, rather
// than decoded into findings that were never found. A file of an earlier
// format fails it too.
const cacheMagic = "deals lint cache 2\n"

// OpenCache opens the cache in file for results made under key. A file
// that is not a whole cache made under key is ignored: the run lints from
// scratch and Save replaces it.
func OpenCache(file, key string) *Cache {
	c := &Cache{file: file, key: key, old: map[[32]byte]cached{}, next: map[[32]byte]cached{}}
	data, err := os.ReadFile(file)
	if err != nil || len(data) < len(cacheMagic)+sha256.Size || string(data[:len(cacheMagic)]) != cacheMagic {
		return c
	}
	sum, payload := data[len(cacheMagic):len(cacheMagic)+sha256.Size], data[len(cacheMagic)+sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return c
	}
	var cf cacheFile
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&cf); err == nil && cf.Key == key && cf.Entries != nil {
		c.old, c.oldExtras = cf.Entries, cf.Extras
	}
	return c
}

// Extra is what the run before kept under name (SetExtra), under the same
// key; nil when nothing.
func (c *Cache) Extra(name string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.oldExtras[name]
}

// SetExtra keeps data under name for the next run, with the results of
// this one; what is not set again is not kept.
func (c *Cache) SetExtra(name string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nextExtras == nil {
		c.nextExtras = map[string][]byte{}
	}
	c.nextExtras[name] = data
}

func (c *Cache) get(sum [32]byte) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.old[sum]
	if ok {
		c.next[sum] = r
	}
	return r, ok
}

func (c *Cache) put(sum [32]byte, r cached) {
	c.mu.Lock()
	c.next[sum] = r
	c.mu.Unlock()
}

// Save writes the results of this run, and only those, so the cache never
// outgrows the repository. It writes to a temporary file and renames it,
// so a reader never sees half a cache.
func (c *Cache) Save() error {
	if err := os.MkdirAll(filepath.Dir(c.file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.file), filepath.Base(c.file)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	var payload bytes.Buffer
	c.mu.Lock()
	err = gob.NewEncoder(&payload).Encode(cacheFile{Key: c.key, Entries: c.next, Extras: c.nextExtras})
	c.mu.Unlock()
	if err != nil {
		tmp.Close()
		return err
	}
	sum := sha256.Sum256(payload.Bytes())
	w := bufio.NewWriterSize(tmp, 256<<10)
	w.WriteString(cacheMagic)
	w.Write(sum[:])
	w.Write(payload.Bytes())
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), c.file)
}

func toCache(res DealResult, summary *DealSummary, id deal.Text) cached {
	out := cached{Findings: make([]cachedFinding, len(res.Findings)), ID: id}
	for i, f := range res.Findings {
		out.Findings[i] = cachedFinding{Pos: f.Pos, Field: f.Field, Severity: f.Severity, Rule: f.Rule, Step: f.Step, Message: f.Message, Guess: f.Guess}
	}
	if summary != nil {
		s := *summary
		s.File = ""
		out.Summary = &s
	}
	return out
}

func (r cached) findings(file string) []Finding {
	out := make([]Finding, len(r.Findings))
	for i, f := range r.Findings {
		out[i] = Finding{File: file, Pos: f.Pos, Field: f.Field, Severity: f.Severity, Rule: f.Rule, Step: f.Step, Message: f.Message, Guess: f.Guess}
	}
	return out
}

func contentSum(data []byte) [32]byte { return sha256.Sum256(data) }

// CacheKey is everything a file's result depends on besides its content:
// this program, the configuration, the date and the language.
type CacheKey struct {
	Config  *config.Config
	Today   string
	Version string
	Lang    i18n.Lang
}

// CacheFor opens the cache of a run over paths in dir (the user's cache
// folder, deals/, when dir is ""), or returns nil when there is nowhere to
// keep one. Each set of paths has its own file; caches of runs not
// repeated for a month are removed, so that linting many different sets
// of files does not fill the disk.
func CacheFor(dir string, key CacheKey, paths []string) *Cache {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "deals")
	}
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	info, err := os.Stat(exe)
	if err != nil {
		return nil
	}
	k := sha256.New()
	fmt.Fprintf(k, "%s\x00%s\x00%d\x00%d\x00%s\x00%s\x00", key.Version, exe, info.Size(), info.ModTime().UnixNano(), key.Today, key.Lang)
	k.Write(key.Config.Source)
	// The rule packs are part of the configuration.
	for _, inc := range key.Config.Includes {
		fmt.Fprintf(k, "\x00%s\x00%d\x00", inc.File, len(inc.Data))
		k.Write(inc.Data)
	}
	where := sha256.New()
	root, _ := filepath.Abs(key.Config.Root)
	fmt.Fprintln(where, root)
	for _, p := range paths {
		abs, _ := filepath.Abs(p)
		fmt.Fprintln(where, abs)
	}
	pruneCaches(dir)
	return OpenCache(filepath.Join(dir, fmt.Sprintf("lint-%x.gob", where.Sum(nil)[:8])), fmt.Sprintf("%x", k.Sum(nil)))
}

// pruneCaches removes caches of runs not repeated for a month.
func pruneCaches(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, ent := range entries {
		info, err := ent.Info()
		if err == nil && strings.HasPrefix(ent.Name(), "lint-") && time.Since(info.ModTime()) > 30*24*time.Hour {
			os.Remove(filepath.Join(dir, ent.Name()))
		}
	}
}

// Lookup is what the cache holds under sum, a key of the caller's making
// (the content of a version of a deal and the day it is judged on, say):
// its findings, in the file named file, and whether there were any kept.
func (c *Cache) Lookup(sum [32]byte, file string) ([]Finding, bool) {
	r, ok := c.get(sum)
	if !ok {
		return nil, false
	}
	return r.findings(file), true
}

// Keep records findings under sum, for Lookup in a later run.
func (c *Cache) Keep(sum [32]byte, findings []Finding) {
	c.put(sum, toCache(DealResult{Findings: findings}, nil, deal.Text{}))
}
