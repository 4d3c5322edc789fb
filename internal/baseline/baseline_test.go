package baseline_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/baseline"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
	"github.com/dealsascode/deals/internal/source"
)

var (
	english = i18n.UI().Printer(i18n.English)
	chinese = i18n.UI().Printer(i18n.Chinese)
)

// finding is a finding of rule at field in file, on line (lines change
// between runs; keys do not).
func finding(file string, line int, rule, field string) lint.Finding {
	return lint.Finding{File: file, Pos: source.Pos{Line: line, Col: 3}, Field: field, Rule: rule, Severity: lint.Error, Message: rule + " at " + field}
}

func deal(file, id, stage string) lint.DealSummary {
	return lint.DealSummary{File: file, ID: id, Stage: stage, Valid: true}
}

// today is the repository the baseline is recorded from: two deals, a file
// that does not parse, one rule that fires twice at the same field.
func today() *lint.Result {
	return &lint.Result{
		Files: 3,
		Deals: []lint.DealSummary{deal("deals/acme.yaml", "acme", "develop"), deal("deals/beta.yaml", "beta", "propose")},
		Findings: []lint.Finding{
			finding("deals/acme.yaml", 12, "assess-ability", "assessment"),
			finding("deals/acme.yaml", 30, "players-coach", "key_players"),
			finding("deals/acme.yaml", 41, "plan-overdue", "plan.actions[0].due"),
			finding("deals/acme.yaml", 41, "plan-overdue", "plan.actions[0].due"),
			finding("deals/beta.yaml", 7, "deal-close-date", "close_date"),
			finding("deals/broken.yaml", 2, "parse", ""),
		},
	}
}

func TestRecord(t *testing.T) {
	b := baseline.Record(baseline.Run{Result: today(), Paths: map[string]string{"deals/broken.yaml": "repo/deals/broken.yaml"}})
	want := `{
  "kind": "deals-lint-baseline",
  "version": 1,
  "entries": [
    {"deal":"acme","stage":"develop","rule":"assess-ability","field":"assessment","count":1},
    {"deal":"acme","stage":"develop","rule":"plan-overdue","field":"plan.actions[0].due","count":2},
    {"deal":"acme","stage":"develop","rule":"players-coach","field":"key_players","count":1},
    {"deal":"beta","stage":"propose","rule":"deal-close-date","field":"close_date","count":1},
    {"file":"repo/deals/broken.yaml","stage":"","rule":"parse","field":"","count":1}
  ]
}
`
	if got := string(b.Bytes()); got != want {
		t.Errorf("baseline:\n%s\nwant:\n%s", got, want)
	}
	if b.Findings() != 6 {
		t.Errorf("Findings = %d, want 6", b.Findings())
	}

	t.Run("the same findings in another order make the same bytes", func(t *testing.T) {
		r := today()
		for i, j := 0, len(r.Findings)-1; i < j; i, j = i+1, j-1 {
			r.Findings[i], r.Findings[j] = r.Findings[j], r.Findings[i]
		}
		r.Deals[0], r.Deals[1] = r.Deals[1], r.Deals[0]
		again := baseline.Record(baseline.Run{Result: r, Paths: map[string]string{"deals/broken.yaml": "repo/deals/broken.yaml"}})
		if !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Errorf("order changed the file:\n%s", again.Bytes())
		}
	})
	t.Run("a file not in Paths is named as the findings name it", func(t *testing.T) {
		r := &lint.Result{Findings: []lint.Finding{finding(filepath.FromSlash("deals/broken.yaml"), 1, "parse", "")}}
		if e := baseline.Record(baseline.Run{Result: r}).Entries[0]; e.File != "deals/broken.yaml" || e.Deal != "" {
			t.Errorf("entry %+v", e)
		}
	})
	t.Run("a deal without an id is named by its path, with its stage", func(t *testing.T) {
		r := &lint.Result{Deals: []lint.DealSummary{deal("x.yaml", "", "qualify")}, Findings: []lint.Finding{finding("x.yaml", 1, "schema", "id")}}
		if e := baseline.Record(baseline.Run{Result: r}).Entries[0]; e.File != "x.yaml" || e.Stage != "qualify" {
			t.Errorf("entry %+v", e)
		}
	})
	t.Run("nothing found is an empty baseline", func(t *testing.T) {
		got := string(baseline.Record(baseline.Run{Result: &lint.Result{}}).Bytes())
		if want := "{\n  \"kind\": \"deals-lint-baseline\",\n  \"version\": 1,\n  \"entries\": []\n}\n"; got != want {
			t.Errorf("empty baseline:\n%s", got)
		}
	})
	t.Run("text is written as it is", func(t *testing.T) {
		r := &lint.Result{Findings: []lint.Finding{finding("deals/<&>\"华信\".yaml", 1, "parse", "")}}
		if got := string(baseline.Record(baseline.Run{Result: r}).Bytes()); !strings.Contains(got, `"file":"deals/<&>\"华信\".yaml"`) {
			t.Errorf("file name escaped:\n%s", got)
		}
	})
}

func TestApply(t *testing.T) {
	b := baseline.Record(baseline.Run{Result: today()})
	tests := []struct {
		name     string
		edit     func(r *lint.Result)
		complete bool
		new      []string // rule@field of the findings reported
		known    int
		stale    []string // name rule field reason
	}{
		{"nothing changed", func(*lint.Result) {}, true, nil, 6, nil},
		{"lines moved", func(r *lint.Result) {
			for i := range r.Findings {
				r.Findings[i].Pos.Line += 10
			}
		}, true, nil, 6, nil},
		{"a new finding", func(r *lint.Result) {
			r.Findings = append(r.Findings, finding("deals/beta.yaml", 9, "players-coach", "key_players"))
		}, true, []string{"players-coach@key_players"}, 6, nil},
		{"the same rule at another field is new", func(r *lint.Result) {
			r.Findings = append(r.Findings, finding("deals/acme.yaml", 50, "plan-overdue", "plan.actions[1].due"))
		}, true, []string{"plan-overdue@plan.actions[1].due"}, 6, nil},
		{"one more of a counted key: the last is new", func(r *lint.Result) {
			f := finding("deals/acme.yaml", 60, "plan-overdue", "plan.actions[0].due")
			f.Message = "the third"
			r.Findings = append(r.Findings, f)
		}, true, []string{"plan-overdue@plan.actions[0].due"}, 6, nil},
		{"a finding fixed", func(r *lint.Result) {
			r.Findings = r.Findings[1:]
		}, true, nil, 5, []string{"acme assess-ability assessment fixed"}},
		{"one of a counted key fixed is not stale", func(r *lint.Result) {
			r.Findings = append(r.Findings[:3], r.Findings[4:]...)
		}, true, nil, 5, nil},
		{"a deal moved stage: its entries stop applying", func(r *lint.Result) {
			r.Deals[1].Stage = "negotiate"
		}, true, []string{"deal-close-date@close_date"}, 5, []string{"beta deal-close-date close_date moved negotiate"}},
		{"a deal renamed keeps its entries", func(r *lint.Result) {
			r.Deals[1].File = "deals/renamed.yaml"
			r.Findings[4].File = "deals/renamed.yaml"
		}, true, nil, 6, nil},
		{"a deal gone", func(r *lint.Result) {
			r.Deals = r.Deals[:1]
			r.Findings = append(r.Findings[:4], r.Findings[5])
		}, true, nil, 5, []string{"beta deal-close-date close_date gone"}},
		{"a deal not in a partial run is left alone", func(r *lint.Result) {
			r.Deals = r.Deals[:1]
			r.Findings = r.Findings[:4]
		}, false, nil, 4, nil},
		{"a broken file fixed is gone by its path", func(r *lint.Result) {
			r.Deals = append(r.Deals, deal("deals/broken.yaml", "broken", "prospect"))
			r.Findings = r.Findings[:5]
		}, true, nil, 5, []string{"deals/broken.yaml parse  gone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := today()
			tt.edit(r)
			o := b.Apply(baseline.Run{Result: r, Complete: tt.complete})
			var got []string
			for _, f := range o.Findings {
				got = append(got, f.Rule+"@"+f.Field)
			}
			if strings.Join(got, " ") != strings.Join(tt.new, " ") {
				t.Errorf("reported %v, want %v", got, tt.new)
			}
			if o.Known != tt.known {
				t.Errorf("known = %d, want %d", o.Known, tt.known)
			}
			var stale []string
			for _, s := range o.Stale {
				reason := [...]string{"fixed", "moved " + s.Now, "gone"}[s.Reason]
				stale = append(stale, s.Name()+" "+s.Rule+" "+s.Field+" "+reason)
			}
			if strings.Join(stale, "|") != strings.Join(tt.stale, "|") {
				t.Errorf("stale %q, want %q", stale, tt.stale)
			}
		})
	}
	t.Run("the reported finding of a counted key is the last", func(t *testing.T) {
		r := today()
		f := finding("deals/acme.yaml", 60, "plan-overdue", "plan.actions[0].due")
		f.Message = "the third"
		r.Findings = append(r.Findings, f)
		if o := b.Apply(baseline.Run{Result: r}); len(o.Findings) != 1 || o.Findings[0].Message != "the third" {
			t.Errorf("reported %v", o.Findings)
		}
	})
}

func TestPruned(t *testing.T) {
	b := baseline.Record(baseline.Run{Result: today()})
	r := today()
	r.Findings = r.Findings[1:4]                                                   // acme: one fixed, one of the two overdue left
	r.Findings = append(r.Findings[:2], finding("deals/new.yaml", 1, "parse", "")) // a new file: not added
	r.Deals = r.Deals[:1]                                                          // beta not in this partial run
	o := b.Apply(baseline.Run{Result: r})
	got := string(o.Pruned().Bytes())
	want := `{
  "kind": "deals-lint-baseline",
  "version": 1,
  "entries": [
    {"deal":"acme","stage":"develop","rule":"plan-overdue","field":"plan.actions[0].due","count":1},
    {"deal":"acme","stage":"develop","rule":"players-coach","field":"key_players","count":1},
    {"deal":"beta","stage":"propose","rule":"deal-close-date","field":"close_date","count":1},
    {"file":"deals/broken.yaml","stage":"","rule":"parse","field":"","count":1}
  ]
}
`
	if got != want {
		t.Errorf("pruned:\n%s\nwant:\n%s", got, want)
	}
	if len(o.Findings) != 1 || o.Findings[0].File != "deals/new.yaml" {
		t.Errorf("reported %v, want the new file's finding", o.Findings)
	}
}

func TestStaleText(t *testing.T) {
	b := baseline.Record(baseline.Run{Result: today()})
	r := today()
	r.Deals[0].Stage = "propose"
	r.Deals = append(r.Deals, deal("deals/broken.yaml", "broken", "prospect"))
	r.Findings = r.Findings[:4]
	o := b.Apply(baseline.Run{Result: r, Complete: true})
	got := o.StaleText(english, "known.json", "")
	if !strings.HasPrefix(got, "known.json: 5 baseline entries no longer match any finding:\n") ||
		!strings.Contains(got, "\n  acme: assess-ability at assessment: the deal moved from stage develop to propose\n") ||
		!strings.Contains(got, "\n  beta: deal-close-date at close_date: fixed\n") ||
		!strings.Contains(got, "\n  deals/broken.yaml: parse: the file is gone, or has an id now\n") ||
		!strings.HasSuffix(got, "\nRewrite the baseline with deals lint --write-baseline known.json to drop them.\n") {
		t.Errorf("stale text:\n%s", got)
	}
	if n := strings.Count(got, "\n"); n != 7 {
		t.Errorf("%d lines, want a count, 5 entries and the advice:\n%s", n, got)
	}
	if got := o.StaleText(english, "known.json", "next.json"); !strings.HasSuffix(got, "\nThey are left out of the baseline written to next.json.\n") {
		t.Errorf("pruned stale text:\n%s", got)
	}
	zh := o.StaleText(chinese, "known.json", "")
	if !strings.HasPrefix(zh, "known.json：有 5 条基线记录不再对应任何问题：\n") || !strings.Contains(zh, "  beta：deal-close-date，位于 close_date：已修正\n") {
		t.Errorf("in Chinese:\n%s", zh)
	}

	one := baseline.Record(baseline.Run{Result: &lint.Result{Deals: today().Deals[1:], Findings: today().Findings[4:5]}})
	o = one.Apply(baseline.Run{Result: &lint.Result{Deals: []lint.DealSummary{deal("deals/beta.yaml", "beta", "")}}})
	if got := o.StaleText(english, "b.json", ""); got != "b.json: 1 baseline entry no longer matches any finding:\n  beta: deal-close-date at close_date: the deal moved from stage propose to (none)\nRewrite the baseline with deals lint --write-baseline b.json to drop it.\n" {
		t.Errorf("one stale entry:\n%s", got)
	}
	if got := (&baseline.Outcome{}).StaleText(english, "b.json", ""); got != "" {
		t.Errorf("nothing stale says %q", got)
	}
}

func TestWrittenText(t *testing.T) {
	b := baseline.Record(baseline.Run{Result: today()})
	if got, want := b.WrittenText(english, "known.json"), "known.json: wrote a baseline of 6 findings; deals lint --baseline known.json reports only findings not in it\n"; got != want {
		t.Errorf("got %q", got)
	}
	if got := b.WrittenText(chinese, "known.json"); !strings.Contains(got, "6 个问题") {
		t.Errorf("in Chinese: %q", got)
	}
}

func TestWriteRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "known.json")
	b := baseline.Record(baseline.Run{Result: today()})
	if err := b.Write(file); err != nil {
		t.Fatal(err)
	}
	back, err := baseline.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Bytes(), b.Bytes()) {
		t.Errorf("read back:\n%s", back.Bytes())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the baseline", len(entries))
	}
	t.Run("a file that is not a baseline is not replaced", func(t *testing.T) {
		other := filepath.Join(dir, "package.json")
		os.WriteFile(other, []byte(`{"name": "app"}`), 0o644)
		err := b.Write(other)
		if err == nil || err.Error() != other+": the file is there and is not a deals lint baseline: it is left as it is; name another file" {
			t.Errorf("err = %v", err)
		}
		if data, _ := os.ReadFile(other); string(data) != `{"name": "app"}` {
			t.Errorf("replaced with:\n%s", data)
		}
	})
	t.Run("a damaged baseline is replaced", func(t *testing.T) {
		damaged := filepath.Join(dir, "damaged.json")
		os.WriteFile(damaged, []byte("<<<<<<< HEAD\n"+string(b.Bytes())+"=======\n>>>>>>> other\n"), 0o644)
		if err := b.Write(damaged); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(damaged); !bytes.Equal(data, b.Bytes()) {
			t.Errorf("not replaced:\n%s", data)
		}
	})
	if err := b.Write(filepath.Join(dir, "known.json", "x")); err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, "known.json", "x")+": cannot write the baseline: ") {
		t.Errorf("writing below a file: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	check := func(t *testing.T, err error, want string) {
		t.Helper()
		var se *source.Error
		if !errors.As(err, &se) {
			t.Fatalf("error %v is not a *source.Error", err)
		}
		if err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
		if se.Text(chinese) == se.Msg {
			t.Errorf("%q has no Chinese text", se.Msg)
		}
	}
	missing := filepath.Join(dir, "none.json")
	_, err := baseline.Read(missing)
	check(t, err, missing+": there is no such file: write a baseline with deals lint --write-baseline")
	_, err = baseline.Read(dir)
	check(t, err, dir+": cannot read: it is a folder")
}

func TestParseErrors(t *testing.T) {
	head := `{"kind": "deals-lint-baseline", "version": 1, "entries": [` + "\n"
	tests := []struct{ name, data, want string }{
		{"empty", " \n", `b.json: the file is empty, not a baseline: write one with deals lint --write-baseline`},
		{"not JSON", "kind: deals-lint-baseline\n", `b.json:1:1: the baseline is not valid JSON: invalid character 'k' looking for beginning of value`},
		{"broken JSON", "{\n  \"kind\": \"deals-lint-baseline\",\n  \"version\": 1\n  \"entries\": []\n}\n", `b.json:4:3: the baseline is not valid JSON: invalid character '"' after object key:value pair`},
		{"cut short", head + `{"deal": "a", "rule": "r", "count": 1}`, `b.json:2:39: the baseline is not valid JSON: unexpected end of JSON input`},
		{"trailing text", `{"kind": "deals-lint-baseline", "version": 1, "entries": []} x`, `b.json:1:62: the baseline is not valid JSON: invalid character 'x' after top-level value`},
		{"a list", `[1, 2]`, `b.json: this is not a deals lint baseline: it has no "kind": "deals-lint-baseline"; write one with deals lint --write-baseline`},
		{"other JSON", `{"name": "my-app", "version": "1.0.0"}`, `b.json: this is not a deals lint baseline: it has no "kind": "deals-lint-baseline"; write one with deals lint --write-baseline`},
		{"SARIF", `{"version": "2.1.0", "runs": []}`, `b.json: this is not a deals lint baseline: it has no "kind": "deals-lint-baseline"; write one with deals lint --write-baseline`},
		{"another kind", `{"kind": "eslint-suppressions", "version": 1}`, `b.json: this is not a deals lint baseline: its kind is "eslint-suppressions", not "deals-lint-baseline"`},
		{"a kind that is not text", `{"kind": 7}`, `b.json: this is not a deals lint baseline: its kind is 7, not "deals-lint-baseline"`},
		{"newer", `{"kind": "deals-lint-baseline", "version": 2, "entries": [{"future": true}]}`, `b.json: the baseline is of version 2, and this deals reads versions up to 1: update deals`},
		{"no version", `{"kind": "deals-lint-baseline", "entries": []}`, `b.json: the baseline has no "version"`},
		{"version as text", `{"kind": "deals-lint-baseline", "version": "1", "entries": []}`, `b.json: the baseline's version "1" is not one: write the baseline again with deals lint --write-baseline`},
		{"version 0", `{"kind": "deals-lint-baseline", "version": 0, "entries": []}`, `b.json: the baseline's version 0 is not one: write the baseline again with deals lint --write-baseline`},
		{"version 1.5", `{"kind": "deals-lint-baseline", "version": 1.5, "entries": []}`, `b.json: the baseline's version 1.5 is not one: write the baseline again with deals lint --write-baseline`},
		{"no entries", `{"kind": "deals-lint-baseline", "version": 1}`, `b.json: the baseline has no "entries" list`},
		{"entries null", `{"kind": "deals-lint-baseline", "version": 1, "entries": null}`, `b.json:1:58: "entries" must be a list`},
		{"entries an object", `{"kind": "deals-lint-baseline", "version": 1, "entries": {}}`, `b.json:1:58: "entries" must be a list`},
		{"unknown key", `{"kind": "deals-lint-baseline", "version": 1, "entries": [], "extra": 1}`, `b.json:1:62: the baseline has an unknown key "extra": a baseline has kind, version and entries`},
		{"entry not an object", head + `  "acme"]}`, `b.json:2:3: entry 1 is text, not an object`},
		{"count as text", head + `{"deal": "a", "rule": "r", "count": 1},` + "\n" + `{"deal": "a", "rule": "r", "count": "2"}]}`, `b.json:3:1: entry 2: count must be a whole number, not text`},
		{"count not whole", head + `{"deal": "a", "rule": "r", "count": 1.5}]}`, `b.json:2:1: entry 1: count must be a whole number, not a number`},
		{"deal as a number", head + `{"deal": 5, "rule": "r", "count": 1}]}`, `b.json:2:1: entry 1: deal must be text, not a number`},
		{"unknown entry key", head + `{"deal": "a", "rule": "r", "cout": 1}]}`, `b.json:2:1: entry 1 has an unknown key "cout": an entry has deal or file, stage, rule, field and count`},
		{"no count", head + `{"deal": "a", "rule": "r"}]}`, `b.json:2:1: entry 1 has count 0: a count is 1 or more`},
		{"negative count", head + `{"deal": "a", "rule": "r", "count": -1}]}`, `b.json:2:1: entry 1 has count -1: a count is 1 or more`},
		{"no rule", head + `{"deal": "a", "count": 1}]}`, `b.json:2:1: entry 1 names no rule`},
		{"no deal", head + `{"rule": "r", "count": 1}]}`, `b.json:2:1: entry 1 names neither a deal nor a file`},
		{"deal and file", head + `{"deal": "a", "file": "a.yaml", "rule": "r", "count": 1}]}`, `b.json:2:1: entry 1 names both a deal and a file: keep one`},
		{"column in characters", "{\"kind\": \"deals-lint-baseline\", \"version\": 1, \"entries\": [\n  {\"deal\": \"华信\", \"rule\": \"r\", \"count\": 1}, {\"deal\": \"b\", \"count\": 1}]}", `b.json:2:44: entry 2 names no rule`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := baseline.Parse("b.json", []byte(tt.data))
			if err == nil {
				t.Fatalf("no error; read %+v", b.Entries)
			}
			var se *source.Error
			if !errors.As(err, &se) || se.Key == "" {
				t.Fatalf("error %v is not a text of the catalog", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			if zh := se.Text(chinese); zh == se.Msg || !strings.HasPrefix(se.In(chinese), "b.json") {
				t.Errorf("in Chinese: %q", se.In(chinese))
			}
		})
	}
}

func TestParse(t *testing.T) {
	t.Run("written by hand, in any order, with an entry twice", func(t *testing.T) {
		data := `{"entries": [
			{"count": 1, "rule": "r", "deal": "b", "stage": "s", "field": "f"},
			{"deal": "a", "rule": "r", "count": 2},
			{"deal": "b", "rule": "r", "stage": "s", "field": "f", "count": 3}
		], "version": 1.0, "kind": "deals-lint-baseline"}`
		b, err := baseline.Parse("b.json", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Entries) != 2 || b.Entries[0].Deal != "a" || b.Entries[1].Count != 4 {
			t.Errorf("entries %+v", b.Entries)
		}
	})
	t.Run("what Bytes writes reads back the same", func(t *testing.T) {
		b := baseline.Record(baseline.Run{Result: today()})
		back, err := baseline.Parse("b.json", b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back.Bytes(), b.Bytes()) {
			t.Errorf("round trip:\n%s", back.Bytes())
		}
	})
}
