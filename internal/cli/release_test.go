package cli_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/template"

	"gopkg.in/yaml.v3"
)

// The release (.goreleaser.yaml, run by .github/workflows/release.yml) and
// the composite action that downloads it must agree on the archives' names,
// their checksums and the version the binary prints. The action's scripts
// are run here against a stand-in for curl that serves a release from a
// folder, with every OS and architecture the release builds.

// goreleaserConfig is the part of .goreleaser.yaml the tests read.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		NameTemplate    string   `yaml:"name_template"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
	Sboms []struct {
		Artifacts string `yaml:"artifacts"`
	} `yaml:"sboms"`
}

func readGoreleaser(t *testing.T) (goreleaserConfig, map[string]any) {
	t.Helper()
	src, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg goreleaserConfig
	var top map[string]any
	if err := yaml.Unmarshal(src, &cfg); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(cfg.Builds) != 1 || len(cfg.Archives) != 1 {
		t.Fatalf(".goreleaser.yaml: %d builds and %d archives, want one of each", len(cfg.Builds), len(cfg.Archives))
	}
	return cfg, top
}

// versionFlag is how the release sets the version deals --version prints.
const versionFlag = "-X github.com/dealsascode/deals/internal/cli.version="

// A target is one binary of the release.
type target struct{ goos, goarch string }

func (tg target) String() string { return tg.goos + "/" + tg.goarch }

// runner is what GitHub calls a target in runner.os and runner.arch.
func (tg target) runner() (os, arch string) {
	os = map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[tg.goos]
	arch = map[string]string{"amd64": "X64", "arm64": "ARM64"}[tg.goarch]
	return os, arch
}

func releaseTargets(cfg goreleaserConfig) []target {
	var out []target
	for _, goos := range cfg.Builds[0].Goos {
		for _, goarch := range cfg.Builds[0].Goarch {
			out = append(out, target{goos, goarch})
		}
	}
	return out
}

// archiveName is the file GoReleaser makes for a target of a version
// (without the v of the tag, as GoReleaser's .Version).
func archiveName(t *testing.T, cfg goreleaserConfig, tg target, version string) string {
	t.Helper()
	a := cfg.Archives[0]
	tmpl, err := template.New("name_template").Option("missingkey=error").Parse(a.NameTemplate)
	if err != nil {
		t.Fatalf(".goreleaser.yaml: archives.name_template: %v", err)
	}
	var b strings.Builder
	data := map[string]string{"ProjectName": "deals", "Version": version, "Os": tg.goos, "Arch": tg.goarch}
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatalf(".goreleaser.yaml: archives.name_template: %v (the test knows %v)", err, data)
	}
	formats := a.Formats
	for _, o := range a.FormatOverrides {
		if o.Goos == tg.goos {
			formats = o.Formats
		}
	}
	if len(formats) != 1 {
		t.Fatalf(".goreleaser.yaml: %d archive formats for %s, the action downloads one", len(formats), tg)
	}
	return b.String() + "." + formats[0]
}

func TestWorkflowsReleaseConfig(t *testing.T) {
	cfg, top := readGoreleaser(t)
	if cfg.Version != 2 {
		t.Errorf(".goreleaser.yaml: version %d, want 2 (GoReleaser v2)", cfg.Version)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/deals" || b.Binary != "deals" {
		t.Errorf("builds: main %q, binary %q; want ./cmd/deals and deals", b.Main, b.Binary)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Errorf("builds.env %v: want CGO_ENABLED=0, so that every target builds anywhere", b.Env)
	}
	if !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("builds.flags %v: want -trimpath", b.Flags)
	}
	var got []string
	for _, tg := range releaseTargets(cfg) {
		got = append(got, tg.String())
	}
	slices.Sort(got)
	want := []string{"darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64", "windows/amd64", "windows/arm64"}
	if !slices.Equal(got, want) {
		t.Errorf("the release builds %v, want %v", got, want)
	}
	if !strings.Contains(strings.Join(b.Ldflags, " "), versionFlag+"v{{ .Version }}") {
		t.Errorf("builds.ldflags %q do not set %sv{{ .Version }}", b.Ldflags, versionFlag)
	}
	// The variable the flag sets exists, as a string: the linker ignores
	// -X of a missing one.
	if !hasStringVar(t, "cli.go", "version") {
		t.Error("internal/cli/cli.go has no package-level string variable version for " + versionFlag)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum: %q with %q, the action reads checksums.txt with SHA-256", cfg.Checksum.NameTemplate, cfg.Checksum.Algorithm)
	}
	if len(cfg.Sboms) == 0 || cfg.Sboms[0].Artifacts != "archive" {
		t.Error("sboms: want an SBOM of each archive")
	}
	// Only the GitHub release: no package managers, images or announcements.
	allowed := []string{"version", "project_name", "before", "builds", "archives", "checksum", "sboms", "changelog", "release", "snapshot"}
	for key := range top {
		if !slices.Contains(allowed, key) {
			t.Errorf(".goreleaser.yaml: %s: the release publishes only to the GitHub release of the tag", key)
		}
	}

	// The workflow that runs it: on tags only, the one workflow that may
	// write, with syft installed for the SBOMs.
	var wf struct {
		On struct {
			Push struct {
				Tags     []string `yaml:"tags"`
				Branches []string `yaml:"branches"`
			} `yaml:"push"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	src, err := os.ReadFile("../../.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, &wf); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(wf.On.Push.Tags, []string{"v*"}) || len(wf.On.Push.Branches) > 0 {
		t.Errorf("release.yml runs on %+v, want pushes of tags v*", wf.On.Push)
	}
	if len(wf.Permissions) != 1 || wf.Permissions["contents"] != "write" {
		t.Errorf("release.yml permissions %v, want contents: write only", wf.Permissions)
	}
	var steps []string
	for _, job := range wf.Jobs {
		for _, step := range job.Steps {
			action, ref, _ := strings.Cut(step.Uses, "@")
			steps = append(steps, action)
			if action == "goreleaser/goreleaser-action" {
				if !regexp.MustCompile(`^v\d+$`).MatchString(ref) {
					t.Errorf("release.yml: %s: pin the major version (@vN)", step.Uses)
				}
				if !strings.HasPrefix(step.With["args"], "release") {
					t.Errorf("release.yml: goreleaser args %q, want release", step.With["args"])
				}
			}
		}
	}
	syft, release := slices.Index(steps, "anchore/sbom-action/download-syft"), slices.Index(steps, "goreleaser/goreleaser-action")
	if syft < 0 || release < 0 || syft > release {
		t.Errorf("release.yml steps %v: want anchore/sbom-action/download-syft before goreleaser/goreleaser-action", steps)
	}
	files, err := filepath.Glob("../../.github/workflows/*.y*ml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if filepath.Base(file) == "release.yml" {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if regexp.MustCompile(`(?m)^\s*contents:\s*write`).Match(data) {
			t.Errorf("%s asks for contents: write: only release.yml may", filepath.Base(file))
		}
	}

	// GoReleaser's own check (installed by .ci/run; GORELEASER names it).
	goreleaser := os.Getenv("GORELEASER")
	if goreleaser == "" {
		goreleaser, _ = exec.LookPath("goreleaser")
	}
	if goreleaser == "" {
		if os.Getenv("DEALS_E2E") != "" {
			t.Fatal("DEALS_E2E is set but goreleaser is not installed")
		}
		t.Log("goreleaser is not installed (.ci/run installs it): only the structure of .goreleaser.yaml is checked")
		return
	}
	cmd := exec.Command(goreleaser, "check")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("goreleaser check: %v\n%s", err, out)
	}
}

func hasStringVar(t *testing.T, file, name string) bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name != name {
					continue
				}
				if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "string" {
					return true
				}
				if vs.Type == nil && i < len(vs.Values) {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					return ok && lit.Kind == token.STRING
				}
			}
		}
	}
	return false
}

// The ldflags of the release make deals --version print the tag.
func TestWorkflowsReleaseVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds deals")
	}
	cfg, _ := readGoreleaser(t)
	tmpl, err := template.New("ldflags").Option("missingkey=error").Parse(strings.Join(cfg.Builds[0].Ldflags, " "))
	if err != nil {
		t.Fatal(err)
	}
	var ldflags strings.Builder
	if err := tmpl.Execute(&ldflags, map[string]string{"Version": "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "deals")
	build := exec.Command("go", append([]string{"build", "-ldflags", ldflags.String(), "-o", bin}, cfg.Builds[0].Flags...)...)
	build.Args = append(build.Args, cfg.Builds[0].Main)
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != "deals v1.2.3" {
		t.Errorf("deals --version built as the release builds it: %q, want \"deals v1.2.3\"", got)
	}
}

// fakeCurl stands in for curl: it serves $FAKE_RELEASES/TAG/FILE at
// releases/download/TAG/FILE, 404 for what is not there, and redirects
// releases/latest to the tag in $FAKE_LATEST. It knows the options the
// action uses, and fails on others.
const fakeCurl = `#!/usr/bin/env bash
out= format= url=
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -w) format=$2; shift ;;
    --retry) shift ;;
    -sSL) ;;
    -*) echo "fake curl: unknown option $1" >&2; exit 2 ;;
    *) url=$1 ;;
  esac
  shift
done
releases=https://github.com/dealsascode/deals/releases
effective=$url
case "$url" in
  "$releases/latest")
    code=200
    effective=$releases
    if [ -n "${FAKE_LATEST:-}" ]; then effective="$releases/tag/$FAKE_LATEST"; fi
    ;;
  "$releases/download/"*)
    file="$FAKE_RELEASES/${url#"$releases/download/"}"
    if [ -f "$file" ]; then code=200; cp "$file" "$out"; else code=404; echo 'Not Found' > "$out"; fi
    ;;
  *) echo "fake curl: unexpected URL $url" >&2; exit 6 ;;
esac
format=${format//'%{http_code}'/$code}
format=${format//'%{url_effective}'/$effective}
printf '%s' "$format"
`

// fakeRelease writes the archives of a release for every target, each
// holding a deals that prints version, and their checksums.txt.
func fakeRelease(t *testing.T, cfg goreleaserConfig, dir, tag, version string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, tag), 0o755); err != nil {
		t.Fatal(err)
	}
	bin := []byte("#!/bin/sh\necho 'deals " + version + "'\n")
	var sums strings.Builder
	for _, tg := range releaseTargets(cfg) {
		name := archiveName(t, cfg, tg, strings.TrimPrefix(tag, "v"))
		exe := "deals"
		if tg.goos == "windows" {
			exe = "deals.exe"
		}
		var buf bytes.Buffer
		switch {
		case strings.HasSuffix(name, ".tar.gz"):
			gz := gzip.NewWriter(&buf)
			tw := tar.NewWriter(gz)
			for _, f := range []struct {
				name string
				data []byte
				mode int64
			}{{"README.md", []byte("deals\n"), 0o644}, {exe, bin, 0o755}} {
				if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: f.mode, Size: int64(len(f.data)), Typeflag: tar.TypeReg}); err != nil {
					t.Fatal(err)
				}
				tw.Write(f.data)
			}
			if err := tw.Close(); err != nil {
				t.Fatal(err)
			}
			gz.Close()
		case strings.HasSuffix(name, ".zip"):
			zw := zip.NewWriter(&buf)
			for _, f := range []struct {
				name string
				data []byte
			}{{"README.md", []byte("deals\n")}, {exe, bin}} {
				h := &zip.FileHeader{Name: f.name, Method: zip.Deflate}
				h.SetMode(0o755)
				w, err := zw.CreateHeader(h)
				if err != nil {
					t.Fatal(err)
				}
				w.Write(f.data)
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("the test cannot write %s", name)
		}
		if err := os.WriteFile(filepath.Join(dir, tag, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(buf.Bytes()), name)
	}
	if err := os.WriteFile(filepath.Join(dir, tag, cfg.Checksum.NameTemplate), []byte(sums.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// stepRun is what a run of one of the action's steps left.
type stepRun struct {
	err     error
	log     string
	outputs map[string]string
	path    string // what the step added to GITHUB_PATH
}

// runActionStep runs the script of the action's step with this id as
// GitHub does (bash -e -o pipefail), with the environment variables the
// step declares taken from env, and the runner's in vars.
func runActionStep(t *testing.T, id string, env, vars map[string]string) stepRun {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	src, err := os.ReadFile("../../" + actionDir + "/action.yml")
	if err != nil {
		t.Fatal(err)
	}
	md := parseAction(t, src)
	i := slices.IndexFunc(md.Runs.Steps, func(s actionStep) bool { return s.ID == id })
	if i < 0 {
		t.Fatalf("the action has no step with id %s", id)
	}
	step := md.Runs.Steps[i]
	dir := t.TempDir()
	script := filepath.Join(dir, "step.sh")
	if err := os.WriteFile(script, []byte(step.Run), 0o644); err != nil {
		t.Fatal(err)
	}
	output, path := filepath.Join(dir, "output"), filepath.Join(dir, "path")
	cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "GITHUB_OUTPUT=" + output, "GITHUB_PATH=" + path}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	for name := range step.Env {
		v, ok := env[name]
		if !ok {
			t.Fatalf("step %s reads %s, which the test does not set", id, name)
		}
		cmd.Env = append(cmd.Env, name+"="+v)
	}
	out, err := cmd.CombinedOutput()
	run := stepRun{err: err, log: string(out), outputs: map[string]string{}}
	if data, err := os.ReadFile(output); err == nil {
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				run.outputs[k] = v
			}
		}
	}
	if data, err := os.ReadFile(path); err == nil {
		run.path = strings.TrimSpace(string(data))
	}
	return run
}

func TestActionDownloadsTheRelease(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the step scripts are run with a POSIX stand-in for curl")
	}
	cfg, _ := readGoreleaser(t)
	releases := t.TempDir()
	fakeRelease(t, cfg, releases, "v1.2.3", "v1.2.3")
	fakeRelease(t, cfg, releases, "v2.0.0", "v1.9.9") // holds another version than its tag
	fakeBin := t.TempDir()
	if err := os.WriteFile(filepath.Join(fakeBin, "curl"), []byte(fakeCurl), 0o755); err != nil {
		t.Fatal(err)
	}
	_, hasUnzip := exec.LookPath("unzip")

	download := func(t *testing.T, tg target, want string, vars map[string]string) (stepRun, string) {
		t.Helper()
		runnerTemp := t.TempDir()
		runnerOS, runnerArch := tg.runner()
		exe := "deals"
		if runnerOS == "Windows" {
			exe = "deals.exe"
		}
		bin := filepath.Join(runnerTemp, "deals-bin", exe)
		all := map[string]string{
			"PATH":          fakeBin + string(os.PathListSeparator) + os.Getenv("PATH"),
			"RUNNER_OS":     runnerOS,
			"RUNNER_ARCH":   runnerArch,
			"RUNNER_TEMP":   runnerTemp,
			"FAKE_RELEASES": releases,
		}
		for k, v := range vars {
			all[k] = v
		}
		run := runActionStep(t, "release", map[string]string{"DEALS_WANT": want, "DEALS_ROOT": "/src/deals", "DEALS_BIN": bin}, all)
		return run, bin
	}

	for _, tg := range releaseTargets(cfg) {
		t.Run(tg.String(), func(t *testing.T) {
			if tg.goos == "windows" && hasUnzip != nil {
				t.Skip("unzip is not installed")
			}
			run, bin := download(t, tg, "v1.2.3", nil)
			if run.err != nil || run.outputs["found"] != "true" || run.outputs["tag"] != "v1.2.3" {
				t.Fatalf("downloading %s: %v, outputs %v\n%s", archiveName(t, cfg, tg, "1.2.3"), run.err, run.outputs, run.log)
			}
			out, err := exec.Command(bin, "--version").Output()
			if err != nil || string(out) != "deals v1.2.3\n" {
				t.Errorf("the installed deals: %q, %v", out, err)
			}
			if run.path != filepath.Dir(bin) {
				t.Errorf("GITHUB_PATH got %q, want %q", run.path, filepath.Dir(bin))
			}
			if marker, _ := os.ReadFile(filepath.Join(filepath.Dir(bin), "installed")); string(marker) != "v1.2.3 /src/deals\n" {
				t.Errorf("the marker a second use reads: %q", marker)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(filepath.Dir(bin)), "deals-download")); !os.IsNotExist(err) {
				t.Errorf("the download folder is left behind: %v", err)
			}
		})
	}

	linux := target{"linux", "amd64"}
	t.Run("latest", func(t *testing.T) {
		run, _ := download(t, linux, "latest", map[string]string{"FAKE_LATEST": "v1.2.3"})
		if run.err != nil || run.outputs["found"] != "true" || run.outputs["tag"] != "v1.2.3" {
			t.Fatalf("%v, outputs %v\n%s", run.err, run.outputs, run.log)
		}
	})

	// No release to download: the step succeeds, and says so to the build
	// from source.
	for name, c := range map[string]struct {
		tg   target
		want string
	}{
		"no release yet":      {linux, "latest"},
		"no such release":     {linux, "v9.9.9"},
		"no such runner arch": {target{"linux", "386"}, "v1.2.3"},
	} {
		t.Run(name, func(t *testing.T) {
			run, bin := download(t, c.tg, c.want, nil)
			if run.err != nil || run.outputs["found"] != "false" {
				t.Fatalf("%v, outputs %v\n%s", run.err, run.outputs, run.log)
			}
			if !strings.Contains(run.log, "::notice") || !strings.Contains(run.log, "built from source") {
				t.Errorf("the log does not say deals is built from source:\n%s", run.log)
			}
			if _, err := os.Stat(bin); !os.IsNotExist(err) {
				t.Errorf("a binary was installed: %v", err)
			}
		})
	}

	// What must fail the job, never fall back to building.
	tampered := t.TempDir()
	if err := os.CopyFS(tampered, os.DirFS(releases)); err != nil {
		t.Fatal(err)
	}
	linuxArchive := archiveName(t, cfg, linux, "1.2.3")
	sums := filepath.Join(tampered, "v1.2.3", "checksums.txt")
	data, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(tampered, "v1.2.3", linuxArchive), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("more"))
	f.Close()
	noLine := t.TempDir()
	if err := os.CopyFS(noLine, os.DirFS(releases)); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasSuffix(line, "  "+linuxArchive) {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(filepath.Join(noLine, "v1.2.3", "checksums.txt"), []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	noSums := t.TempDir()
	if err := os.CopyFS(noSums, os.DirFS(releases)); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(noSums, "v1.2.3", "checksums.txt"))
	for name, c := range map[string]struct {
		releases, want, says string
	}{
		"checksum mismatch":      {tampered, "v1.2.3", "does not match its checksum"},
		"no line in checksums":   {noLine, "v1.2.3", "has no line for " + linuxArchive},
		"no checksums.txt":       {noSums, "v1.2.3", "downloading checksums.txt of deals v1.2.3 failed: HTTP 404"},
		"another version inside": {releases, "v2.0.0", "holds deals v1.9.9, not deals v2.0.0"},
	} {
		t.Run(name, func(t *testing.T) {
			run, bin := download(t, linux, c.want, map[string]string{"FAKE_RELEASES": c.releases})
			if run.err == nil {
				t.Fatalf("the step succeeded, outputs %v\n%s", run.outputs, run.log)
			}
			if _, ok := run.outputs["found"]; ok {
				t.Errorf("the step wrote found=%s: the build from source would run", run.outputs["found"])
			}
			if !strings.Contains(run.log, "::error") || !strings.Contains(run.log, c.says) {
				t.Errorf("the log does not say %q as an error:\n%s", c.says, run.log)
			}
			if c.want == "v1.2.3" {
				if _, err := os.Stat(bin); !os.IsNotExist(err) {
					t.Errorf("a binary was installed: %v", err)
				}
			}
		})
	}
}

// Which deals the action runs, from the input version and the ref it is
// used at.
func TestActionChoosesTheVersion(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs the step's script with bash")
	}
	// The action's folder: the module three folders up.
	at := func(t *testing.T, root string) string {
		t.Helper()
		dir := filepath.Join(root, actionDir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module github.com/dealsascode/deals\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for _, c := range []struct {
		name, path, input, ref, repo string
		want                         string // "" for an error
	}{
		{name: "at a release tag", path: "_actions/dealsascode/deals/v1.2.3", want: "v1.2.3"},
		{name: "at a release tag, owner in capitals", path: "_actions/DealsAsCode/deals/v1.2.3", want: "v1.2.3"},
		{name: "at a pre-release tag", path: "_actions/dealsascode/deals/v1.3.0-rc.1", want: "v1.3.0-rc.1"},
		{name: "at main", path: "_actions/dealsascode/deals/main", want: "source"},
		{name: "at a major tag", path: "_actions/dealsascode/deals/v1", want: "source"},
		{name: "at a commit", path: "_actions/dealsascode/deals/0123456789abcdef0123456789abcdef01234567", want: "source"},
		{name: "local", path: "work/deals/deals", want: "source"},
		{name: "local, action_ref of another action", path: "work/deals/deals", ref: "v3.0.0", repo: "someone/else", want: "source"},
		{name: "action_ref", path: "elsewhere/deals", ref: "v1.2.3", repo: "dealsascode/deals", want: "v1.2.3"},
		{name: "version given", path: "_actions/dealsascode/deals/v1.2.3", input: "v1.1.0", want: "v1.1.0"},
		{name: "latest", path: "_actions/dealsascode/deals/main", input: "latest", want: "latest"},
		{name: "source", path: "_actions/dealsascode/deals/v1.2.3", input: "source", want: "source"},
		{name: "not a version", path: "_actions/dealsascode/deals/v1.2.3", input: "1.2", want: ""},
		{name: "not a version either", path: "_actions/dealsascode/deals/v1.2.3", input: "v1.2.3; rm -rf /", want: ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := t.TempDir()
			root := filepath.Join(base, c.path)
			runnerTemp := t.TempDir()
			run := runActionStep(t, "locate",
				map[string]string{"INPUT_COMMAND": "lint", "INPUT_VERSION": c.input, "ACTION_REF": c.ref, "ACTION_REPOSITORY": c.repo},
				map[string]string{"GITHUB_ACTION_PATH": at(t, root), "RUNNER_OS": "Linux", "RUNNER_TEMP": runnerTemp})
			if c.want == "" {
				if run.err == nil || !strings.Contains(run.log, "::error") {
					t.Fatalf("no error: %v, outputs %v\n%s", run.err, run.outputs, run.log)
				}
				return
			}
			if run.err != nil {
				t.Fatalf("%v\n%s", run.err, run.log)
			}
			if run.outputs["want"] != c.want {
				t.Errorf("want=%q, want %q", run.outputs["want"], c.want)
			}
			if run.outputs["installed"] != "false" || run.outputs["bin"] != filepath.Join(runnerTemp, "deals-bin", "deals") {
				t.Errorf("outputs %v", run.outputs)
			}
		})
	}
}

// The cache the action keeps between runs: only for a release of deals,
// for lint and build, under a key of the version and the use's paths and
// configuration.
func TestActionCacheKey(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs the step's script with bash")
	}
	fake := func(t *testing.T, version string) string {
		bin := filepath.Join(t.TempDir(), "deals")
		if err := os.WriteFile(bin, []byte("#!/bin/sh\necho 'deals "+version+"'\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return bin
	}
	prefix := regexp.MustCompile(`^deals-(lint|build)-Linux-X64-v1\.2\.3-[0-9a-f]{12}$`)
	type in struct{ version, command, cache, paths, config, cacheDir string }
	run := func(t *testing.T, c in) (stepRun, string) {
		t.Helper()
		runnerTemp := t.TempDir()
		vars := map[string]string{"RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "RUNNER_TEMP": runnerTemp}
		if c.cacheDir != "" {
			vars["DEALS_CACHE_DIR"] = c.cacheDir
		}
		r := runActionStep(t, "cache", map[string]string{
			"DEALS_BIN": fake(t, c.version), "INPUT_COMMAND": c.command, "INPUT_CACHE": c.cache,
			"INPUT_PATHS": c.paths, "INPUT_CONFIG": c.config,
		}, vars)
		if r.err != nil {
			t.Fatalf("%v\n%s", r.err, r.log)
		}
		return r, runnerTemp
	}
	for _, c := range []struct {
		name    string
		in      in
		enabled bool
	}{
		{"lint", in{version: "v1.2.3", command: "lint", cache: "true"}, true},
		{"build", in{version: "v1.2.3", command: "build", cache: "true"}, true},
		{"diff keeps nothing", in{version: "v1.2.3", command: "diff", cache: "true"}, false},
		{"turned off", in{version: "v1.2.3", command: "lint", cache: "false"}, false},
		{"built from source", in{version: "dev", command: "lint", cache: "true"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, runnerTemp := run(t, c.in)
			if got := r.outputs["enabled"] == "true"; got != c.enabled {
				t.Errorf("enabled=%s, want %v", r.outputs["enabled"], c.enabled)
			}
			if r.outputs["version"] != c.in.version {
				t.Errorf("version=%q, want %q", r.outputs["version"], c.in.version)
			}
			if want := filepath.Join(runnerTemp, "deals-cache"); r.outputs["dir"] != want {
				t.Errorf("dir=%q, want %q", r.outputs["dir"], want)
			}
			if c.enabled && !prefix.MatchString(r.outputs["prefix"]) {
				t.Errorf("prefix=%q, want %s", r.outputs["prefix"], prefix)
			}
		})
	}
	t.Run("uses with other paths keep their own", func(t *testing.T) {
		a, _ := run(t, in{version: "v1.2.3", command: "lint", cache: "true", paths: "deals"})
		b, _ := run(t, in{version: "v1.2.3", command: "lint", cache: "true", paths: "other"})
		c, _ := run(t, in{version: "v1.2.3", command: "lint", cache: "true", paths: "deals", config: "deals/deals.config.yaml"})
		if a.outputs["prefix"] == b.outputs["prefix"] || a.outputs["prefix"] == c.outputs["prefix"] {
			t.Errorf("prefixes %q, %q, %q: want three", a.outputs["prefix"], b.outputs["prefix"], c.outputs["prefix"])
		}
	})
	t.Run("the job's DEALS_CACHE_DIR", func(t *testing.T) {
		r, _ := run(t, in{version: "v1.2.3", command: "lint", cache: "true", cacheDir: "/somewhere/cache"})
		if r.outputs["dir"] != "/somewhere/cache" {
			t.Errorf("dir=%q, want the job's /somewhere/cache", r.outputs["dir"])
		}
	})
}
