package history

import (
	"bytes"
	"github.com/dealsascode/deals/internal/repo"
	"sort"
)

// Change is one file that differs between two states of the repository.
// Paths are relative to the top of the work tree, with forward slashes.
type Change struct {
	// Status is A (added), M (modified), D (deleted) or R (renamed).
	Status  byte
	Path    string
	OldPath string // for renames: where the file was
}

// Changes lists the YAML files under paths that differ between base and
// head, renames detected. An empty head means the work tree, including
// files git does not track yet.
func (r *Repo) Changes(base, head string, paths []string) ([]Change, error) {
	specs, err := r.pathspecs(paths)
	if err != nil {
		return nil, err
	}
	args := []string{"diff", "--name-status", "-z", "-M", "--no-ext-diff", base}
	if head != "" {
		args = append(args, head)
	}
	out, err := r.git(append(append(args, "--"), specs...)...)
	if err != nil {
		return nil, err
	}
	changes := parseNameStatus(out)
	if head == "" {
		untracked, err := r.git(append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--"}, specs...)...)
		if err != nil {
			return nil, err
		}
		for _, p := range bytes.Split(untracked, []byte{0}) {
			if len(p) > 0 {
				changes = append(changes, Change{Status: 'A', Path: string(p)})
			}
		}
	}
	out2 := changes[:0]
	for _, c := range changes {
		if repo.IsYAML(c.Path) || repo.IsYAML(c.OldPath) {
			out2 = append(out2, c)
		}
	}
	sort.Slice(out2, func(i, j int) bool { return out2[i].Path < out2[j].Path })
	return out2, nil
}

func parseNameStatus(out []byte) []Change {
	var changes []Change
	tokens := bytes.Split(out, []byte{0})
	for i := 0; i < len(tokens); i++ {
		status := string(tokens[i])
		if status == "" {
			continue
		}
		switch status[0] {
		case 'R', 'C':
			if i+2 >= len(tokens) {
				return changes
			}
			c := Change{Status: 'R', OldPath: string(tokens[i+1]), Path: string(tokens[i+2])}
			if status[0] == 'C' {
				c = Change{Status: 'A', Path: string(tokens[i+2])}
			}
			changes = append(changes, c)
			i += 2
		default:
			if i+1 >= len(tokens) {
				return changes
			}
			st := status[0]
			if st == 'T' {
				st = 'M'
			}
			changes = append(changes, Change{Status: st, Path: string(tokens[i+1])})
			i++
		}
	}
	return changes
}

// Files lists the YAML files under paths at a revision, relative to the top.
func (r *Repo) Files(rev string, paths []string) ([]string, error) {
	specs, err := r.pathspecs(paths)
	if err != nil {
		return nil, err
	}
	out, err := r.git(append([]string{"ls-tree", "-r", "-z", "--name-only", rev, "--"}, specs...)...)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range bytes.Split(out, []byte{0}) {
		if len(p) > 0 && repo.IsYAML(string(p)) {
			files = append(files, string(p))
		}
	}
	sort.Strings(files)
	return files, nil
}

// ReadAt reads files (relative to the top) as they were at rev.
func (r *Repo) ReadAt(rev string, files []string) (map[string][]byte, error) {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = rev + ":" + f
	}
	out := make(map[string][]byte, len(files))
	err := r.Blobs(names, func(i int, data []byte, ok bool) error {
		if ok {
			out[files[i]] = data
		}
		return nil
	})
	return out, err
}

// Rel is the path relative to the top of the work tree of a path given on
// the command line.
func (r *Repo) Rel(p string) (string, error) { return r.rel(p) }
