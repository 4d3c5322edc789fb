// Package gittest makes throwaway git repositories with reproducible commits, for tests.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Repo is a git repository in a temporary folder. Its commits are dated
// one day apart from a start date, so that histories are the same on
// every run; no user or system git configuration is read.
type Repo struct {
	Dir   string
	t     testing.TB
	start time.Time
	day   int
}

// New makes an empty repository on branch main whose first commit is
// dated start (YYYY-MM-DD) at noon UTC. Without git the test is skipped.
func New(t testing.TB, start string) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	first, err := time.Parse(time.DateOnly, start)
	if err != nil {
		t.Fatal(err)
	}
	r := &Repo{Dir: t.TempDir(), t: t, start: first.Add(12 * time.Hour)}
	r.Git("init", "-q", "-b", "main")
	return r
}

// Git runs git in the repository and returns its output, trimmed; a
// failure fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.run(nil, args...)
}

func (r *Repo) run(env []string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null"), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// Write writes a file of the working tree, making its folder.
func (r *Repo) Write(path, content string) {
	r.t.Helper()
	p := filepath.Join(r.Dir, path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// Commit commits every change (or none) as author, on the day after the
// previous commit, and returns the commit's hash.
func (r *Repo) Commit(author, email, msg string) string {
	r.t.Helper()
	date := r.start.AddDate(0, 0, r.day).Format(time.RFC3339)
	r.day++
	r.Git("add", "-A")
	r.run([]string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date},
		"-c", "user.name="+author, "-c", "user.email="+email, "commit", "-q", "--allow-empty", "-m", msg)
	return r.Git("rev-parse", "HEAD")
}
