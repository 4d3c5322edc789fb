package history

import (
	"bytes"
	"encoding/gob"
	"errors"
	"strings"
)

// Memo is what a reading of the history keeps for the next one
// (Reading.Memo): the mainline's commits up to the commit it read to, as
// git log gave them, and the header of every content they name. A later
// reading of the same paths whose mainline still runs through that commit
// asks git for the commits after it alone, and reads again only the
// contents the caller does not know. The zero Memo holds nothing.
type Memo struct {
	head, specs string
	commits     []logCommit
	headers     map[string]parsed
}

// memoFile is a Memo as gob writes it.
type memoFile struct {
	Head, Specs string
	Commits     []memoCommit
	Headers     map[string]memoHeader
}

type memoCommit struct {
	Hash, Author string
	Time         int64
	Entries      []memoEntry
}

type memoEntry struct {
	Status                          byte
	OldBlob, NewBlob, Path, OldPath string
}

type memoHeader struct {
	H   header
	Err string
}

// MarshalBinary writes the memo for the next run.
func (m *Memo) MarshalBinary() ([]byte, error) {
	f := memoFile{Head: m.head, Specs: m.specs, Commits: make([]memoCommit, len(m.commits)), Headers: make(map[string]memoHeader, len(m.headers))}
	for i, c := range m.commits {
		mc := memoCommit{Hash: c.hash, Author: c.author, Time: c.time, Entries: make([]memoEntry, len(c.entries))}
		for j, e := range c.entries {
			mc.Entries[j] = memoEntry{Status: e.status, OldBlob: e.oldBlob, NewBlob: e.newBlob, Path: e.path, OldPath: e.oldPath}
		}
		f.Commits[i] = mc
	}
	for blob, p := range m.headers {
		h := memoHeader{H: p.h}
		if p.err != nil {
			h.Err = p.err.Error()
			if h.Err == "" {
				h.Err = "unreadable"
			}
		}
		f.Headers[blob] = h
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary reads what MarshalBinary wrote; on an error the memo is
// left empty, and the history is read whole.
func (m *Memo) UnmarshalBinary(data []byte) error {
	*m = Memo{}
	var f memoFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return err
	}
	commits := make([]logCommit, len(f.Commits))
	for i, mc := range f.Commits {
		c := logCommit{hash: mc.Hash, author: mc.Author, time: mc.Time, entries: make([]logEntry, len(mc.Entries))}
		for j, e := range mc.Entries {
			c.entries[j] = logEntry{status: e.Status, oldBlob: e.OldBlob, newBlob: e.NewBlob, path: e.Path, oldPath: e.OldPath}
		}
		commits[i] = c
	}
	headers := make(map[string]parsed, len(f.Headers))
	for blob, h := range f.Headers {
		p := parsed{h: h.H}
		if h.Err != "" {
			p.err = errors.New(h.Err)
		}
		headers[blob] = p
	}
	*m = Memo{head: f.Head, specs: f.Specs, commits: commits, headers: headers}
	return nil
}

// fromMemo resolves the commit a reading runs to (tip; "" when git does
// not know it, which the log then says) and, when the memo read the same
// paths up to a commit on the mainline that leads to tip, the commits and
// headers it kept.
func (r *Repo) fromMemo(m *Memo, until string, specs []string) (tip string, kept []logCommit, headers map[string]parsed) {
	rev := until
	if rev == "" {
		rev = "HEAD"
	}
	tip, err := r.Resolve(rev)
	if err != nil {
		return "", nil, nil
	}
	if m.head == "" || m.specs != strings.Join(specs, "\x00") {
		return tip, nil, nil
	}
	if m.head != tip {
		// The commits since: the memo's commit must be the first parent
		// of the oldest, or the mainline no longer runs through it (a
		// rewritten branch, an older revision asked for, a merge).
		out, err := r.git("rev-list", "--first-parent", m.head+".."+tip, "--")
		list := strings.Fields(string(out))
		if err != nil || len(list) == 0 {
			return tip, nil, nil
		}
		parent, err := r.git("rev-parse", "--verify", "--quiet", list[len(list)-1]+"^1")
		if err != nil || strings.TrimSpace(string(parent)) != m.head {
			return tip, nil, nil
		}
	}
	return tip, m.commits, m.headers
}

// keep makes the memo what this reading read: the commits up to tip, and
// the header of every content named.
func (r *Repo) keep(m *Memo, tip string, specs []string, commits []logCommit, index map[string]int, header func(blob string) parsed) {
	if tip == "" {
		*m = Memo{}
		return
	}
	headers := make(map[string]parsed, len(index))
	for blob := range index {
		headers[blob] = header(blob)
	}
	*m = Memo{head: tip, specs: strings.Join(specs, "\x00"), commits: commits, headers: headers}
}
