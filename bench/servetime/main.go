// Command servetime measures deals serve as an author meets it: how long
// the first build takes, and how long after one deal file is saved the
// browser gets its new page, the server's debounce and rebuild included.
// bench/authoring.sh runs it.
//
//	go run ./bench/servetime -deals bench/out/deals -dir bench/out/10000 -saves 5
//
// It starts deals serve on a free port, waits for the first build, then
// saves one deal N times, each time with a new title, and asks for the
// deal's page every 2 ms until it shows the title. For each save it
// prints the wall time from the save to that answer, the rebuild time
// the server logged, and the CPU the server used meanwhile (from
// /proc/PID/stat); at the end the server's peak memory (VmHWM). The file
// is put back as it was.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("deals", "bench/out/deals", "the deals binary")
	dir := flag.String("dir", "", "the repository (with deals.config.yaml and deals/)")
	today := flag.String("today", "2026-11-26", "--today of deals serve")
	saves := flag.Int("saves", 5, "how many saves to time")
	quiet := flag.Duration("quiet", time.Second, "how long to wait between saves")
	flag.Parse()
	if *dir == "" || *saves < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*bin, *dir, *today, *saves, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, "servetime:", err)
		os.Exit(1)
	}
}

var (
	builtRe   = regexp.MustCompile(`^built in (\d+) ms`)
	rebuiltRe = regexp.MustCompile(`^rebuilt in (\d+) ms.*`)
	servingRe = regexp.MustCompile(`serving (http://\S+/)`)
	titleRe   = regexp.MustCompile(`(?m)^title: .*$`)
)

func run(bin, dir, today string, saves int, quiet time.Duration) error {
	file, err := firstDeal(filepath.Join(dir, "deals"))
	if err != nil {
		return err
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	defer os.WriteFile(file, orig, 0o644)
	page := "deals/" + strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)) + ".html"

	cmd := exec.Command(bin, "serve", dir, "--config", filepath.Join(dir, "deals.config.yaml"), "--addr", "127.0.0.1:0", "--today", today)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	logs := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs <- sc.Text()
		}
		close(logs)
	}()
	var first string
	for first == "" {
		select {
		case line, ok := <-logs:
			if !ok {
				return fmt.Errorf("deals serve ended before its first build")
			}
			if m := builtRe.FindStringSubmatch(line); m != nil {
				first = m[1]
			}
		case <-time.After(10 * time.Minute):
			return fmt.Errorf("no first build")
		}
	}
	base := <-urls
	firstCPU, err := cpuTicks(cmd.Process.Pid)
	if err != nil {
		return err
	}
	firstPeak, err := peakKiB(cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("first build: %s ms, %d ms CPU since the start (%.1f s), %d KiB peak\n", first, firstCPU*1000/clockTicks, time.Since(start).Seconds(), firstPeak)
	client := &http.Client{Timeout: 30 * time.Second}
	var served, rebuilt, cpu []string
	for i := 1; i <= saves; i++ {
		time.Sleep(quiet)
		title := fmt.Sprintf("title: Edited %d %d", i, time.Now().UnixNano())
		before, err := cpuTicks(cmd.Process.Pid)
		if err != nil {
			return err
		}
		saved := time.Now()
		// In place, as most editors save: one write of the whole file.
		if err := os.WriteFile(file, titleRe.ReplaceAll(orig, []byte(title)), 0o644); err != nil {
			return err
		}
		want := []byte(strings.TrimPrefix(title, "title: "))
		for {
			resp, err := client.Get(base + page)
			if err != nil {
				return err
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if bytes.Contains(body, want) {
				break
			}
			if time.Since(saved) > time.Minute {
				return fmt.Errorf("save %d: the page did not change within a minute", i)
			}
			time.Sleep(2 * time.Millisecond)
		}
		wall := time.Since(saved)
		// The server's own line for this rebuild.
		var line string
		for line == "" {
			l, ok := <-logs
			if !ok {
				return fmt.Errorf("deals serve ended")
			}
			if rebuiltRe.MatchString(l) {
				line = l
			}
		}
		after, err := cpuTicks(cmd.Process.Pid)
		if err != nil {
			return err
		}
		ms := rebuiltRe.FindStringSubmatch(line)[1]
		cpuMs := (after - before) * 1000 / clockTicks
		fmt.Printf("save %d: page served after %d ms; %s; %d ms CPU\n", i, wall.Milliseconds(), line, cpuMs)
		served = append(served, strconv.FormatInt(wall.Milliseconds(), 10))
		rebuilt = append(rebuilt, ms)
		cpu = append(cpu, strconv.FormatInt(cpuMs, 10))
	}
	peak, err := peakKiB(cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("result first_ms=%s first_cpu_ms=%d served_ms=%s rebuilt_ms=%s cpu_ms=%s first_peak_kib=%d peak_kib=%d\n", first, firstCPU*1000/clockTicks, strings.Join(served, ","), strings.Join(rebuilt, ","), strings.Join(cpu, ","), firstPeak, peak)
	return nil
}

// firstDeal is the first deal file under dir, in name order.
func firstDeal(dir string) (string, error) {
	var found string
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || found != "" {
			return err
		}
		if !e.IsDir() && strings.HasSuffix(p, ".yaml") {
			found = p
			return filepath.SkipAll
		}
		return nil
	})
	if found == "" && err == nil {
		err = fmt.Errorf("no deal file under %s", dir)
	}
	return found, err
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux.
const clockTicks = 100

// cpuTicks is the user and system time of a process, in clock ticks.
func cpuTicks(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command's name, which is in parentheses.
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, data)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, data)
	}
	return utime + stime, nil
}

// peakKiB is a process's peak resident memory (VmHWM).
func peakKiB(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
