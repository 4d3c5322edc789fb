package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/lsptest"
	"github.com/dealsascode/deals/schema"
	"go.lsp.dev/uri"
)

// editor is a language server started as an editor starts it.
type editor struct {
	name string
	cmd  *exec.Cmd
	*lsptest.Client
	walls []time.Duration
	cpu   time.Duration
}

// cpuTime is the user and system CPU time a running process has used, from
// /proc (Linux): the servers never exit while they are measured.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses.
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	// The kernel counts in clock ticks, 100 a second on Linux.
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

func startEditor(b *testing.B, name, dir string, argv ...string) *editor {
	b.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = in.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	e := &editor{name: name, cmd: cmd, Client: lsptest.New(out, in)}
	if _, err := e.Initialize(string(uri.File(dir)), "en"); err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkLSPChange is the time from a rep's keystroke in a deal of a
// repository of BENCH_N deals (default 10,000) to the editor showing the
// deal's findings: didChange to publishDiagnostics, after the first load.
// When YAML_LANGUAGE_SERVER names yaml-language-server (the schema checker
// editors run on the same file), it is measured in the same loop, the two
// servers taking turns change by change. Each prints the median and the
// range of its wall times and its CPU time per change; the first load of
// deals lsp (reading the ids of every deal) is printed once.
func BenchmarkLSPChange(b *testing.B) {
	n := benchN(b)
	if os.Getenv("BENCH_N") == "" {
		n = 10000
	}
	dir := b.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	bin := filepath.Join(dir, "deals-bin")
	build := exec.Command("go", "build", "-o", bin, "github.com/dealsascode/deals/cmd/deals")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	if err := os.WriteFile(filepath.Join(dir, config.FileName), dealgen.Config(), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "deal.schema.json"), schema.Deal().JSON(), 0o644); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, "deals", fmt.Sprintf("%03d", i/1000))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%06d.yaml", i)), dealgen.Deal(1, i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	file := filepath.Join(dir, "deals", "000", "000007.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	closeDate := regexp.MustCompile(`(?m)^close_date: .*$`)
	if !closeDate.Match(data) {
		b.Fatal("the generated deal has no close_date line")
	}
	// The two texts typed in turn: a valid close date, and one the
	// calendar does not have, which both servers flag.
	texts := [2]string{
		"# yaml-language-server: $schema=../../deal.schema.json\n" + closeDate.ReplaceAllString(string(data), "close_date: 2027-03-31"),
		"# yaml-language-server: $schema=../../deal.schema.json\n" + closeDate.ReplaceAllString(string(data), "close_date: 2027-02-30"),
	}
	u := string(uri.File(file))

	editors := []*editor{startEditor(b, "deals lsp", dir, bin, "lsp", "--today", dealgen.Today)}
	if yls := os.Getenv("YAML_LANGUAGE_SERVER"); yls != "" {
		editors = append(editors, startEditor(b, "yaml-language-server", dir, yls, "--stdio"))
	}
	flagged := func(p lsptest.Published) bool {
		for _, d := range p.Diagnostics {
			if strings.Contains(d.Message, "2027-02-30") || d.Range.Start.Line == closeLine(texts[1]) {
				return true
			}
		}
		return false
	}
	start := time.Now()
	for _, e := range editors {
		if err := e.Open(u, texts[0], 1); err != nil {
			b.Fatal(err)
		}
		if _, err := e.WaitPublished(u, func(lsptest.Published) bool { return true }); err != nil {
			b.Fatal(err)
		}
		if e == editors[0] {
			b.Logf("deals lsp: first diagnostics %s after opening a deal of %d", time.Since(start).Round(time.Millisecond), n)
		}
	}
	version := 1
	before := make([]time.Duration, len(editors))
	for i, e := range editors {
		before[i] = cpuTime(e.cmd.Process.Pid)
	}
	b.ResetTimer()
	for b.Loop() {
		version++
		// Every change flips the finding: version 2 has the bad date.
		want := version%2 == 0
		for _, e := range editors {
			t0 := time.Now()
			if err := e.Change(u, texts[(version+1)%2], version); err != nil {
				b.Fatal(err)
			}
			if _, err := e.WaitPublished(u, func(p lsptest.Published) bool { return flagged(p) == want }); err != nil {
				b.Fatalf("%s: %v", e.name, err)
			}
			e.walls = append(e.walls, time.Since(t0))
		}
	}
	b.StopTimer()
	for i, e := range editors {
		e.cpu = cpuTime(e.cmd.Process.Pid) - before[i]
		slices.Sort(e.walls)
		med := e.walls[len(e.walls)/2]
		b.Logf("%s: %d changes, median %.1f ms (%.1f-%.1f), CPU %.1f ms per change", e.name, len(e.walls),
			ms(med), ms(e.walls[0]), ms(e.walls[len(e.walls)-1]), ms(e.cpu)/float64(len(e.walls)))
		b.ReportMetric(ms(med), strings.ReplaceAll(e.name, " ", "-")+"-median-ms")
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// closeLine is the 0-based line of close_date in text.
func closeLine(text string) int {
	return strings.Count(text[:strings.Index(text, "\nclose_date:")+1], "\n")
}
