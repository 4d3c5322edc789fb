package cli_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"deals": func() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

var update = flag.Bool("update", false, "rewrite the files that scripts compare output with (cmp stdout FILE) from the output")

// TestScripts runs the command-line specification in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// commits START DIR commits each folder of DIR, in name order,
			// one day apart from START (YYYY-MM-DD, noon UTC): its files are
			// copied into the current folder first, and a file holding only
			// DELETE removes its namesake. The folder's .author file, if any,
			// names the author.
			"commits": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: commits START DIR")
				}
				start, err := time.Parse(time.DateOnly, args[0])
				ts.Check(err)
				dirs, err := os.ReadDir(ts.MkAbs(args[1]))
				ts.Check(err)
				for i, d := range dirs {
					root := filepath.Join(ts.MkAbs(args[1]), d.Name())
					author := "Rep"
					ts.Check(filepath.WalkDir(root, func(p string, de os.DirEntry, err error) error {
						if err != nil || de.IsDir() {
							return err
						}
						rel, _ := filepath.Rel(root, p)
						data, err := os.ReadFile(p)
						if err != nil {
							return err
						}
						if rel == ".author" {
							author = strings.TrimSpace(string(data))
							return nil
						}
						target := ts.MkAbs(rel)
						if strings.TrimSpace(string(data)) == "DELETE" {
							return os.Remove(target)
						}
						if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
							return err
						}
						return os.WriteFile(target, data, 0o644)
					}))
					date := start.Add(12*time.Hour).AddDate(0, 0, i).Format(time.RFC3339)
					for _, git := range [][]string{{"add", "-A"}, {"-c", "user.name=" + author, "-c", "user.email=" + strings.ToLower(author) + "@example.com", "commit", "-q", "--allow-empty", "-m", d.Name()}} {
						cmd := exec.Command("git", git...)
						cmd.Dir = ts.MkAbs(".")
						cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
						if out, err := cmd.CombinedOutput(); err != nil {
							ts.Fatalf("git %v: %v\n%s", git, err, out)
						}
					}
				}
			},
			// lspframe IN OUT frames the messages of IN, one JSON object a
			// line with $WORK and other variables expanded, as a client
			// of the Language Server Protocol writes them.
			"lspframe": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: lspframe IN OUT")
				}
				var out strings.Builder
				for _, line := range strings.Split(ts.ReadFile(args[0]), "\n") {
					if line = strings.TrimSpace(line); line != "" {
						line = os.Expand(line, ts.Getenv)
						fmt.Fprintf(&out, "Content-Length: %d\r\n\r\n%s", len(line), line)
					}
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out.String()), 0o644))
			},
			// waitfor FILE REGEXP waits, up to a minute, until a line of FILE
			// matches REGEXP: for the log of a command running in the
			// background (deals serve).
			"waitfor": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 || neg {
					ts.Fatalf("usage: waitfor FILE REGEXP")
				}
				re, err := regexp.Compile("(?m)" + args[1])
				ts.Check(err)
				deadline := time.Now().Add(time.Minute)
				for {
					data, _ := os.ReadFile(ts.MkAbs(args[0]))
					if re.Match(data) {
						return
					}
					if time.Now().After(deadline) {
						ts.Fatalf("no line of %s matches %q within a minute; it holds:\n%s", args[0], args[1], data)
					}
					time.Sleep(20 * time.Millisecond)
				}
			},
			// bigfile NAME KIB writes a deal padded with notes to KIB kibibytes.
			"bigfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: bigfile NAME KIB")
				}
				kib, err := strconv.Atoi(args[1])
				ts.Check(err)
				content := "id: big\nnotes: |\n" + strings.Repeat("  "+strings.Repeat("x", 61)+"\n", kib*1024/64)
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(content), 0o644))
			},
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("DEALS_CACHE_DIR", env.WorkDir+"/.cache")
			return nil
		},
	})
}

// TestExamplesLintClean keeps the bundled examples a model of a complete
// pipeline, in both languages (the team rules they include have texts in
// each).
func TestExamplesLintClean(t *testing.T) {
	for lang, summary := range map[string]string{"en": "0 errors, 0 warnings, 0 infos", "zh": "0 个错误，0 个警告，0 条提示"} {
		t.Setenv("DEALS_CACHE_DIR", t.TempDir())
		var out, errs bytes.Buffer
		code := cli.Main([]string{"lint", "../../examples", "--today", "2026-11-26", "--fail-on", "info", "--lang", lang}, &out, &errs)
		if code != 0 || !strings.Contains(out.String(), summary) || errs.Len() > 0 {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", lang, code, out.String(), errs.String())
		}
	}
}

// TestExamplesFormatted keeps the bundled examples in the form deals fmt writes.
func TestExamplesFormatted(t *testing.T) {
	var out, errs bytes.Buffer
	if code := cli.Main([]string{"fmt", "--check", "../../examples"}, &out, &errs); code != 0 {
		t.Errorf("exit %d: run deals fmt examples\nstdout:\n%s\nstderr:\n%s", code, out.String(), errs.String())
	}
}

// TestLintExamplesNamedTwice: a folder named relatively and absolutely is
// linted once, so the report is the one of the folder named once.
func TestLintExamplesNamedTwice(t *testing.T) {
	t.Setenv("DEALS_CACHE_DIR", t.TempDir())
	abs, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	lintOut := func(args ...string) string {
		var out, errs bytes.Buffer
		code := cli.Main(append([]string{"lint", "--today", "2026-11-26", "--format", "json"}, args...), &out, &errs)
		if code != 0 || errs.Len() > 0 {
			t.Fatalf("deals lint %v: exit %d\n%s%s", args, code, out.String(), errs.String())
		}
		return out.String()
	}
	once, twice := lintOut("../../examples"), lintOut("../../examples", abs)
	if once != twice {
		t.Errorf("deals lint examples $PWD/examples differs from deals lint examples:\n%s\n---\n%s", twice, once)
	}
}
