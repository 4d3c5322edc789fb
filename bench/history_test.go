package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/cli"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/history"
)

// historyRepo makes a git repository of deals with commits more commits
// after the first, each changing one deal's stage, amount or close date
// the way a rep would, written with git fast-import in a second or two.
func historyRepo(b *testing.B, deals, commits int) string {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	dir := b.TempDir()
	run := func(stdin io.Reader, args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Stdin = stdin
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run(nil, "init", "-q", "-b", "main")
	var stream bytes.Buffer
	w := bufio.NewWriter(&stream)
	mark := 0
	blob := func(data []byte) int {
		mark++
		fmt.Fprintf(w, "blob\nmark :%d\ndata %d\n", mark, len(data))
		w.Write(data)
		w.WriteString("\n")
		return mark
	}
	when := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).Unix()
	// fast-import continues a branch from its tip, so no commit names a parent.
	commit := func(msg string, files map[string]int) {
		mark++
		fmt.Fprintf(w, "commit refs/heads/main\nmark :%d\nauthor Rep <rep@example.com> %d +0000\ncommitter Rep <rep@example.com> %d +0000\ndata %d\n%s\n", mark, when, when, len(msg), msg)
		for path, m := range files {
			fmt.Fprintf(w, "M 100644 :%d %s\n", m, path)
		}
		w.WriteString("\n")
		when += 3600
	}
	content := make([][]byte, deals)
	initial := map[string]int{}
	for i := range content {
		content[i] = dealgen.Deal(1, i)
		initial[fmt.Sprintf("deals/%04d.yaml", i)] = blob(content[i])
	}
	commit("import the pipeline", initial)
	stages := []string{"prospect", "qualify", "develop", "propose", "negotiate", "won", "lost"}
	stageRE := regexp.MustCompile(`(?m)^stage: .*$`)
	valueRE := regexp.MustCompile(`(?m)^  value: .*$`)
	closeRE := regexp.MustCompile(`(?m)^close_date: .*$`)
	revRE := regexp.MustCompile(`(?m)^# revision \d+\n`)
	r := rand.New(rand.NewPCG(7, 7))
	stageOf := make([]int, deals)
	for c := 0; c < commits; c++ {
		// Every commit really changes its deal, as a commit in a deals
		// repository does.
		i := r.IntN(deals)
		switch r.IntN(3) {
		case 0:
			stageOf[i] = (stageOf[i] + 1 + r.IntN(len(stages)-1)) % len(stages)
			content[i] = stageRE.ReplaceAll(content[i], []byte("stage: "+stages[stageOf[i]]))
		case 1:
			content[i] = valueRE.ReplaceAll(content[i], []byte(fmt.Sprintf("  value: %d", 1000*(10+c))))
		default:
			day := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, c%700)
			content[i] = closeRE.ReplaceAll(content[i], []byte("close_date: '"+day.Format(time.DateOnly)+"'"))
		}
		// Prospects have no amount line to change: a note changes too, so
		// that every commit touches its deal.
		content[i] = append(revRE.ReplaceAll(content[i], nil), []byte(fmt.Sprintf("# revision %d\n", c))...)
		m := blob(content[i])
		commit(fmt.Sprintf("update deal %d", i), map[string]int{fmt.Sprintf("deals/%04d.yaml", i): m})
	}
	w.Flush()
	run(&stream, "fast-import", "--quiet")
	run(nil, "checkout", "-q", "main")
	return dir
}

// BenchmarkHistory reads the history of 1,000 deals over 10,000 commits:
// one git log pass, one cat-file stream, every distinct version parsed once.
func BenchmarkHistory(b *testing.B) {
	dir := historyRepo(b, 1000, 10000)
	repo, err := history.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		lg, err := repo.Log([]string{filepath.Join(dir, "deals")}, "", nil)
		if err != nil {
			b.Fatal(err)
		}
		if lg.Commits != 10001 || len(lg.Deals) != 1000 {
			b.Fatalf("read %d commits and %d deals", lg.Commits, len(lg.Deals))
		}
	}
}

// BenchmarkLintNewFromRev is deals lint --new-from-rev HEAD on a
// repository of 10,000 deals where one deal changed: what CI runs on a
// pull request.
func BenchmarkLintNewFromRev(b *testing.B) {
	dir := historyRepo(b, 10000, 0)
	changed := filepath.Join(dir, "deals", "0042.yaml")
	data, _ := os.ReadFile(changed)
	os.WriteFile(changed, append(data, []byte("# edited\n")...), 0o644)
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	b.ResetTimer()
	for b.Loop() {
		var out bytes.Buffer
		code := cli.Main([]string{"lint", "--new-from-rev", "HEAD", "--no-cache", "--today", dealgen.Today, "--fail-on", "none"}, &out, io.Discard)
		if code != 0 || !bytes.Contains(out.Bytes(), []byte("1 file checked")) {
			b.Fatalf("exit %d: %s", code, out.String())
		}
	}
}
