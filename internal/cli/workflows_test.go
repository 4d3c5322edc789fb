package cli_test

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// The GitHub workflows of this repository, the workflow shipped for deals
// repositories (examples/.github) and the composite action they use are
// checked with actionlint, so that a misspelt key, a wrong expression or an
// input the action does not have fails here rather than in a user's first
// pull request.

// actionDir is the composite action, relative to the repository root.
const actionDir = ".github/actions/deals"

// remoteAction is how workflows outside this repository name the action.
// Before linting, such references are pointed at the local copy, so that
// actionlint checks their inputs and outputs against its action.yml.
var remoteAction = regexp.MustCompile(`dealsascode/deals/\.github/actions/deals@[\w.\-/]+`)

func TestWorkflows(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	type testCase struct {
		name   string // the file, relative to the repository root
		src    []byte
		remote bool   // the workflow must use the action as dealsascode/deals/...@REF
		want   string // for broken workflows: what actionlint must report
	}
	var cases []testCase
	for _, pattern := range []string{".github/workflows/*.y*ml", "examples/.github/workflows/*.y*ml"} {
		files, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name, _ := filepath.Rel(root, file)
			name = filepath.ToSlash(name)
			cases = append(cases, testCase{name: name, src: src, remote: strings.HasPrefix(name, "examples/")})
		}
	}
	for _, want := range []string{".github/workflows/ci.yml", "examples/.github/workflows/deals.yml"} {
		if _, err := os.Stat(filepath.Join(root, want)); err != nil {
			t.Error(err)
		}
	}
	action, err := os.ReadFile(filepath.Join(root, actionDir, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases,
		// actionlint checks action metadata only through a workflow that
		// uses the action: this one passes every input and reads every output.
		testCase{name: actionDir + "/action.yml/used-by-a-workflow", src: workflowUsingAction(t, action)},
		// Broken workflows, so that the test cannot pass by checking nothing.
		testCase{name: "broken/no-runs-on.yml", want: `"runs-on" section is missing in job "test"`, src: []byte(`
on: push
jobs:
  test:
    steps:
      - run: echo hello
`)},
		testCase{name: "broken/unknown-key.yml", want: `unexpected key "step" for "job" section`, src: []byte(`
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    step:
      - run: echo hello
`)},
		testCase{name: "broken/unknown-action-input.yml", want: `input "pahts" is not defined in action`, src: []byte(`
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/deals
        with:
          command: lint
          pahts: deals
`)},
		testCase{name: "broken/missing-action-input.yml", want: `missing input "command" which is required by action`, src: []byte(`
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/deals
`)},
		testCase{name: "broken/script-injection.yml", want: `"github.event.pull_request.title" is potentially untrusted`, src: []byte(`
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
`)},
	)

	project, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	opts := &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever}
	// Scripts are checked with shellcheck and pyflakes where they are installed.
	if path, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = path
	} else {
		t.Log("shellcheck is not installed: scripts in run: are not checked")
	}
	if path, err := exec.LookPath("pyflakes"); err == nil {
		opts.Pyflakes = path
	}
	linter, err := actionlint.NewLinter(io.Discard, opts) // the test reports the errors itself
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.src
			if c.remote {
				if !remoteAction.Match(src) {
					t.Fatalf("%s does not use dealsascode/deals/%s@REF", c.name, actionDir)
				}
				src = remoteAction.ReplaceAll(src, []byte("./"+actionDir))
			}
			errs, err := linter.Lint(c.name, src, project)
			if err != nil {
				t.Fatal(err)
			}
			if c.want != "" {
				for _, e := range errs {
					if strings.Contains(e.Message, c.want) {
						return
					}
				}
				t.Errorf("actionlint did not report %q; it reported:%s", c.want, formatErrors(c.name, errs))
				return
			}
			if len(errs) > 0 {
				t.Errorf("actionlint:%s", formatErrors(c.name, errs))
			}
			for _, script := range runScripts(t, c.src) {
				if strings.Contains(script.text, "${{") {
					t.Errorf("%s:%d: a run: script interpolates ${{ }}: pass the value through env: instead", c.name, script.line)
				}
			}
		})
	}

	// What actionlint does not check in the action: its own metadata and scripts.
	t.Run(actionDir+"/action.yml/metadata", func(t *testing.T) {
		checkActionMetadata(t, actionDir+"/action.yml", action, opts.Shellcheck)
	})
}

func formatErrors(file string, errs []*actionlint.Error) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n%s:%d:%d: %s [%s]", file, e.Line, e.Column, e.Message, e.Kind)
	}
	return b.String()
}

// actionMetadata is the part of action.yml the test checks.
type actionMetadata struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	Run   string            `yaml:"run"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
}

func parseAction(t *testing.T, src []byte) actionMetadata {
	t.Helper()
	var md actionMetadata
	if err := yaml.Unmarshal(src, &md); err != nil {
		t.Fatalf("%s: %v", actionDir+"/action.yml", err)
	}
	return md
}

// workflowUsingAction writes a workflow that uses the local action with
// every input it declares and reads every output, so that actionlint reads
// the action's metadata and checks both against it.
func workflowUsingAction(t *testing.T, action []byte) []byte {
	md := parseAction(t, action)
	var inputs, outputs []string
	for name := range md.Inputs {
		inputs = append(inputs, name)
	}
	for name := range md.Outputs {
		outputs = append(outputs, name)
	}
	sort.Strings(inputs)
	sort.Strings(outputs)
	var b strings.Builder
	b.WriteString("on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n")
	b.WriteString("      - id: deals\n        uses: ./" + actionDir + "\n        with:\n")
	for _, name := range inputs {
		fmt.Fprintf(&b, "          %s: x\n", name)
	}
	b.WriteString("      - run: 'true'\n        env:\n")
	for _, name := range outputs {
		fmt.Fprintf(&b, "          OUTPUT_%s: ${{ steps.deals.outputs.%s }}\n", strings.ToUpper(strings.ReplaceAll(name, "-", "_")), name)
	}
	return []byte(b.String())
}

// checkActionMetadata checks what GitHub requires of a composite action and
// what this project requires of its own: documented inputs and outputs,
// explicit shells, no ${{ }} in scripts, and scripts shellcheck accepts.
func checkActionMetadata(t *testing.T, name string, src []byte, shellcheck string) {
	md := parseAction(t, src)
	if md.Name == "" || md.Description == "" {
		t.Errorf("%s: name and description are required", name)
	}
	if md.Runs.Using != "composite" {
		t.Errorf("%s: runs.using is %q, want composite", name, md.Runs.Using)
	}
	if len(md.Runs.Steps) == 0 {
		t.Errorf("%s: runs.steps is empty", name)
	}
	if len(md.Inputs) == 0 || len(md.Outputs) == 0 {
		t.Errorf("%s: %d inputs and %d outputs", name, len(md.Inputs), len(md.Outputs))
	}
	for input, spec := range md.Inputs {
		if strings.TrimSpace(spec.Description) == "" {
			t.Errorf("%s: input %s has no description", name, input)
		}
		if !spec.Required && spec.Default == nil {
			t.Errorf("%s: optional input %s has no default", name, input)
		}
	}
	for output, spec := range md.Outputs {
		if strings.TrimSpace(spec.Description) == "" || spec.Value == "" {
			t.Errorf("%s: output %s needs a description and a value", name, output)
		}
	}
	for i, step := range md.Runs.Steps {
		if (step.Run == "") == (step.Uses == "") {
			t.Errorf("%s: step %d (%s) needs exactly one of run and uses", name, i+1, step.Name)
		}
		if step.Run != "" && step.Shell != "bash" {
			t.Errorf("%s: step %d (%s) runs a script with shell %q: composite actions need an explicit shell, here bash", name, i+1, step.Name, step.Shell)
		}
	}
	for _, script := range runScripts(t, src) {
		if strings.Contains(script.text, "${{") {
			t.Errorf("%s:%d: a run: script interpolates ${{ }}: pass the value through env: instead", name, script.line)
		}
		if shellcheck == "" {
			continue
		}
		// GitHub runs these scripts with bash -e -o pipefail {0}.
		file := filepath.Join(t.TempDir(), "step.sh")
		if err := os.WriteFile(file, []byte("#!/bin/bash\nset -eo pipefail\n"+script.text), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(shellcheck, "--norc", "--shell=bash", "--format=gcc", file).CombinedOutput()
		if err == nil {
			continue
		}
		// Point at the lines of action.yml: two lines were added on top.
		found := shellcheckLine.FindAllStringSubmatch(string(out), -1)
		if len(found) == 0 {
			t.Errorf("%s:%d: shellcheck: %v\n%s", name, script.line, err, out)
		}
		for _, m := range found {
			var line int
			fmt.Sscan(m[1], &line)
			t.Errorf("%s:%d:%s: shellcheck: %s", name, script.line+line-3, m[2], m[3])
		}
	}
}

// shellcheckLine is one finding in shellcheck's gcc format.
var shellcheckLine = regexp.MustCompile(`(?m)step\.sh:(\d+):(\d+): (.*)$`)

type script struct {
	line int // the line the script's text starts on
	text string
}

// runScripts returns the run: scripts of a workflow's jobs or of a
// composite action, with the line each starts on.
func runScripts(t *testing.T, src []byte) []script {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	var scripts []script
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "run" && v.Kind == yaml.ScalarNode {
					line := v.Line
					if v.Style == yaml.LiteralStyle || v.Style == yaml.FoldedStyle {
						line++ // the text starts below "run: |"
					}
					scripts = append(scripts, script{line: line, text: v.Value})
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return scripts
}

// The pipeline is confidential: the ready workflow (which deals init
// writes) keeps the site with the run as an artifact, which only those who
// can read the repository can download, and publishes on GitHub Pages
// (public on most plans) only in jobs that the repository turns on, with
// the warning next to them.
func TestReadyWorkflowKeepsTheSiteConfidential(t *testing.T) {
	src, err := os.ReadFile("../../examples/.github/workflows/deals.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			If    string `yaml:"if"`
			Needs any    `yaml:"needs"`
			Steps []struct {
				Uses string `yaml:"uses"`
			} `yaml:"steps"`
			Permissions map[string]string `yaml:"permissions"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(src, &wf); err != nil {
		t.Fatal(err)
	}
	const optIn = "vars.DEALS_PUBLISH_PAGES == 'true'"
	// optedIn reports whether a job runs only when Pages is turned on:
	// its condition says so, or a job it needs does.
	var optedIn func(name string, depth int) bool
	optedIn = func(name string, depth int) bool {
		job := wf.Jobs[name]
		if strings.Contains(job.If, optIn) {
			return true
		}
		var needs []string
		switch n := job.Needs.(type) {
		case string:
			needs = []string{n}
		case []any:
			for _, v := range n {
				needs = append(needs, fmt.Sprint(v))
			}
		}
		for _, n := range needs {
			if depth < len(wf.Jobs) && optedIn(n, depth+1) {
				return true
			}
		}
		return false
	}
	artifact := false
	for name, job := range wf.Jobs {
		for _, step := range job.Steps {
			action, _, _ := strings.Cut(step.Uses, "@")
			switch action {
			case "actions/upload-artifact":
				artifact = artifact || !strings.Contains(job.If, "== 'pull_request'") && !strings.Contains(job.If, "vars.")
			case "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages":
				if !optedIn(name, 0) {
					t.Errorf("job %s uses %s without the repository turning Pages on (%s)", name, action, optIn)
				}
			}
		}
		if job.Permissions["pages"] != "" && !optedIn(name, 0) {
			t.Errorf("job %s asks for pages: %s without the repository turning Pages on", name, job.Permissions["pages"])
		}
	}
	if !artifact {
		t.Error("no job keeps the site as a workflow artifact (actions/upload-artifact) on main by default")
	}
	for _, want := range []string{"DEALS_PUBLISH_PAGES", "anyone on the internet", "private", "GitHub Enterprise Cloud"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the workflow does not say %q next to the Pages jobs", want)
		}
	}
}
