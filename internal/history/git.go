// Package history reads a deals repository's git history: a revision as an fs.FS, what changed, and each deal's timeline.
package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/internal/i18n"
)

// ErrNoRepository means the folder is not in a git work tree, or git is missing.
var ErrNoRepository = errors.New("not a git repository")

// RevError is a revision git does not know.
type RevError struct {
	Rev string
	Err error
}

func (e *RevError) Error() string { return e.In(i18n.UI().Printer(i18n.English)) }

// In is the error in p's language.
func (e *RevError) In(p i18n.Printer) string { return p.T("history.unknownRev", "rev", e.Rev) }

func (e *RevError) Unwrap() error { return e.Err }

// Repo is a git work tree.
type Repo struct {
	// Top is the absolute path of the work tree's top folder.
	Top string
}

// Open finds the work tree holding dir.
func Open(dir string) (*Repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, i18n.Wrap(ErrNoRepository, "history.noGit")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	out, err := run(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, i18n.Wrap(ErrNoRepository, "history.notRepo", "dir", abs)
	}
	return &Repo{Top: strings.TrimSpace(string(out))}, nil
}

// command is git with args in dir, as every git the package runs.
func command(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", append([]string{"-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	return cmd
}

// failed is a git that failed, with git's own message.
func failed(args []string, stderr *bytes.Buffer, err error) error {
	msg := strings.TrimSpace(stderr.String())
	if msg == "" {
		msg = err.Error()
	}
	return fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
}

// run runs git in dir and returns its standard output; a failure carries
// git's own message.
func run(dir string, args ...string) ([]byte, error) {
	cmd := command(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, failed(args, &stderr, err)
	}
	return out, nil
}

// stream starts git with args in the work tree, for its output to be read
// while git writes it; wait, once it is read to its end, says whether git
// failed, as run does.
func (r *Repo) stream(args ...string) (out io.Reader, wait func() error, err error) {
	cmd := command(r.Top, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	return stdout, func() error {
		// Whatever was left unread, git must not wait on a full pipe.
		io.Copy(io.Discard, stdout)
		if err := cmd.Wait(); err != nil {
			return failed(args, &stderr, err)
		}
		return nil
	}, nil
}

func (r *Repo) git(args ...string) ([]byte, error) { return run(r.Top, args...) }

// HasCommits reports whether HEAD points at a commit.
func (r *Repo) HasCommits() bool {
	_, err := r.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	return err == nil
}

// Shallow reports whether the clone lacks part of its history.
func (r *Repo) Shallow() bool {
	out, err := r.git("rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}

// Resolve turns a revision (branch, tag, commit, HEAD~2, ...) into a commit hash.
func (r *Repo) Resolve(rev string) (string, error) {
	if strings.HasPrefix(rev, "-") {
		return "", &RevError{Rev: rev}
	}
	out, err := r.git("rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return "", &RevError{Rev: rev, Err: err}
	}
	return strings.TrimSpace(string(out)), nil
}

// CommitTime is when a commit was made, as a Unix time.
func (r *Repo) CommitTime(commit string) (int64, error) {
	out, err := r.git("show", "-s", "--format=%ct", commit)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
}

// FirstTime is the time of the oldest commit HEAD has (Unix seconds): in a
// shallow clone, where the history this repository holds starts.
func (r *Repo) FirstTime() (int64, error) {
	out, err := r.git("log", "--first-parent", "--format=%ct", "--reverse", "HEAD")
	if err != nil {
		return 0, err
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strconv.ParseInt(strings.TrimSpace(first), 10, 64)
}

// CommitAt is the last commit on HEAD's first-parent line made at or
// before the Unix time t, or "": what the default branch held then; a
// commit of a branch merged later was not there yet.
func (r *Repo) CommitAt(t int64) (string, error) {
	out, err := r.git("rev-list", "-1", "--first-parent", "--before="+strconv.FormatInt(t, 10), "HEAD")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// DefaultBase is where a branch left the default branch: the merge base of
// HEAD and origin's default branch (or a local main or master). On the
// default branch itself that is HEAD, so only uncommitted changes count.
func (r *Repo) DefaultBase() (string, error) {
	var candidates []string
	if out, err := r.git("symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	candidates = append(candidates, "refs/remotes/origin/main", "refs/remotes/origin/master", "refs/heads/main", "refs/heads/master")
	for _, c := range candidates {
		if _, err := r.Resolve(c); err != nil {
			continue
		}
		out, err := r.git("merge-base", "HEAD", c)
		if err != nil {
			if r.Shallow() {
				return "", fmt.Errorf("no common history with %s: the clone is shallow; fetch the whole history (git fetch --unshallow, or fetch-depth: 0 with actions/checkout)", strings.TrimPrefix(c, "refs/"))
			}
			continue
		}
		return strings.TrimSpace(string(out)), nil
	}
	return r.Resolve("HEAD")
}

// rel turns a path given on the command line into one relative to the top.
func (r *Repo) rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	top := r.Top
	if resolved, err := filepath.EvalSymlinks(top); err == nil {
		top = resolved
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the repository %s", p, r.Top)
	}
	return filepath.ToSlash(rel), nil
}

// pathspecs turns paths into git pathspecs relative to the top.
func (r *Repo) pathspecs(paths []string) ([]string, error) {
	specs := make([]string, 0, len(paths))
	for _, p := range paths {
		rel, err := r.rel(p)
		if err != nil {
			return nil, err
		}
		if rel == "." {
			specs = append(specs, ":(top)") // the whole work tree; literal "." would be a file named "."
			continue
		}
		specs = append(specs, ":(top,literal)"+rel)
	}
	return specs, nil
}

// Path turns a path relative to the top into one usable from the current
// folder, matching how paths given on the command line look.
func (r *Repo) Path(rel string) string {
	abs := filepath.Join(r.Top, filepath.FromSlash(rel))
	if wd, err := os.Getwd(); err == nil {
		if p, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(p, "..") {
			return p
		}
	}
	return abs
}

// Blobs reads many objects through one git cat-file --batch process: each
// name is a blob hash or REV:PATH. fn receives each object's content, or
// ok=false when the object does not exist, in the order of names.
func (r *Repo) Blobs(names []string, fn func(i int, data []byte, ok bool) error) error {
	if len(names) == 0 {
		return nil
	}
	ch := make(chan string, len(names))
	for _, n := range names {
		ch <- n
	}
	close(ch)
	return r.BlobsFrom(ch, func(i int, _ string, data []byte, ok bool) error { return fn(i, data, ok) })
}

// BlobsFrom is Blobs for names that arrive while the objects are read,
// until names is closed: i counts them from 0. Whatever happens, it
// receives every name, so that the sender never blocks.
func (r *Repo) BlobsFrom(names <-chan string, fn func(i int, name string, data []byte, ok bool) error) error {
	drain := func() {
		for range names {
		}
	}
	cmd := command(r.Top, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		drain()
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		drain()
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		drain()
		return err
	}
	// Requests are written while answers are read, so neither pipe fills
	// up. asked has every name written, for the reader to read its answer;
	// a name is flushed to git before the writer waits on anything, so the
	// reader never waits for an answer to a request git has not had.
	asked := make(chan string, 256)
	go func() {
		defer close(asked)
		w := bufio.NewWriter(stdin)
		var werr error
		write := func(n string) {
			if werr == nil {
				w.WriteString(n)
				werr = w.WriteByte('\n')
			}
		}
		for {
			var n string
			var open bool
			select {
			case n, open = <-names:
			default:
				if werr == nil {
					werr = w.Flush()
				}
				n, open = <-names
			}
			if !open {
				break
			}
			write(n)
			select {
			case asked <- n:
			default:
				if werr == nil {
					werr = w.Flush()
				}
				asked <- n
			}
		}
		if werr == nil {
			w.Flush()
		}
		stdin.Close()
	}()
	br := bufio.NewReaderSize(stdout, 256<<10)
	var readErr error
	i := 0
	for name := range asked {
		header, err := br.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		fields := strings.Fields(header)
		if len(fields) == 2 && fields[1] == "missing" || len(fields) < 3 {
			if err := fn(i, name, nil, false); err != nil {
				readErr = err
				break
			}
			i++
			continue
		}
		size, err := strconv.Atoi(fields[2])
		if err != nil {
			readErr = fmt.Errorf("git cat-file: bad header %q", header)
			break
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(br, data); err != nil {
			readErr = fmt.Errorf("git cat-file: %w", err)
			break
		}
		if fields[1] != "blob" {
			err = fn(i, name, nil, false)
		} else {
			err = fn(i, name, data[:size], true)
		}
		if err != nil {
			readErr = err
			break
		}
		i++
	}
	if readErr != nil {
		cmd.Process.Kill()
		for range asked {
		}
		cmd.Wait()
		return readErr
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git cat-file: %s", strings.TrimSpace(stderr.String()))
	}
	return nil
}

// UserEmail is the email address git commits in dir (or, when dir does
// not exist yet, its nearest folder that does) are made with, as git
// config user.email says, or "" when there is none or no git.
func UserEmail(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	out, err := run(dir, "config", "user.email")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
