package report

import (
	"bufio"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/change"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/lint"
)

// jsonReporter writes the whole report as one JSON document, for scripts.
// It streams: a repository of any size never has its report built in memory.
type jsonReporter struct{ opts Options }

// jsonFinding documents the fields appendFinding writes.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Field    string `json:"field"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Step     string `json:"step"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

type jsonScore struct {
	Overall int `json:"overall"`
	// Deal is the deal's header: the stage-gated rules of the deal itself.
	Deal  int            `json:"deal"`
	Steps map[string]int `json:"steps"`
}

type jsonDeal struct {
	File  string     `json:"file"`
	ID    string     `json:"id"`
	Title string     `json:"title"`
	Owner string     `json:"owner"`
	Stage string     `json:"stage"`
	Valid bool       `json:"valid"`
	Score *jsonScore `json:"score,omitempty"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// rawJSON is already encoded: findings are the bulk of a large report, and
// writing them by hand is several times faster than reflection.
type rawJSON []byte

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// appendFinding encodes f as json.MarshalIndent would inside the findings
// list, with the same field names as jsonFinding.
func appendFinding(b []byte, f lint.Finding, hint string) []byte {
	str := func(name, v string, last bool) {
		b = append(b, "\n      \""+name+"\": "...)
		b = appendString(b, v)
		if !last {
			b = append(b, ',')
		}
	}
	num := func(name string, v int) {
		b = append(b, "\n      \""+name+"\": "...)
		b = strconv.AppendInt(b, int64(v), 10)
		b = append(b, ',')
	}
	b = append(b, '{')
	str("file", f.File, false)
	num("line", f.Pos.Line)
	num("column", f.Pos.Col)
	str("field", f.Field, false)
	str("severity", f.Severity.String(), false)
	str("rule", f.Rule, false)
	str("step", string(f.Step), false)
	str("message", f.Message, hint == "")
	if hint != "" {
		str("hint", hint, true)
	}
	return append(b, "\n    }"...)
}

// stepsByName are the TAS steps in the order of their ids, as encoding/json
// writes the keys of a map.
var stepsByName = func() []int {
	order := make([]int, len(lint.Steps))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return lint.Steps[order[a]].ID < lint.Steps[order[b]].ID })
	return order
}()

// appendDeal encodes d as json.MarshalIndent would encode its jsonDeal
// inside the deals list.
func appendDeal(b []byte, d lint.DealSummary) []byte {
	for _, kv := range [...]struct{ k, v string }{{"file", d.File}, {"id", d.ID}, {"title", d.Title}, {"owner", d.Owner}, {"stage", d.Stage}} {
		if kv.k == "file" {
			b = append(b, '{')
		}
		b = append(b, "\n      \""+kv.k+"\": "...)
		b = appendString(b, kv.v)
		b = append(b, ',')
	}
	b = append(b, "\n      \"valid\": "...)
	b = strconv.AppendBool(b, d.Valid)
	if d.Valid {
		b = append(b, ",\n      \"score\": {\n        \"overall\": "...)
		b = strconv.AppendInt(b, int64(d.Score.Overall), 10)
		b = append(b, ",\n        \"deal\": "...)
		b = strconv.AppendInt(b, int64(d.Score.Deal), 10)
		b = append(b, ",\n        \"steps\": {"...)
		for n, i := range stepsByName {
			if n > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n          \""+string(lint.Steps[i].ID)+"\": "...)
			b = strconv.AppendInt(b, int64(d.Score.Steps[i]), 10)
		}
		b = append(b, "\n        }\n      }"...)
	}
	return append(b, "\n    }"...)
}

// appendString quotes s as encoding/json does, escaping <, > and & too.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func (j jsonReporter) Lint(w io.Writer, r *lint.Result) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	field := func(name string, v any, last bool) error {
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString("  \"" + name + "\": ")
		bw.Write(b)
		if !last {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		return nil
	}
	list := func(name string, n int, item func(i int) any, last bool) error {
		bw.WriteString("  \"" + name + "\": [")
		for i := 0; i < n; i++ {
			v := item(i)
			b, raw := v.(rawJSON) // written by hand already, in the indented form
			if !raw {
				var err error
				if b, err = json.MarshalIndent(v, "    ", "  "); err != nil {
					return err
				}
			}
			if i > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n    ")
			bw.Write(b)
		}
		if n > 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteString("]")
		if !last {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		return nil
	}
	bw.WriteString("{\n")
	summary := jsonSummary{Files: r.Files, Errors: r.Count(lint.Error), Warnings: r.Count(lint.Warning), Infos: r.Count(lint.Info)}
	for _, err := range []error{
		field("tool", "deals", false),
		field("version", j.opts.Version, false),
		field("language", string(j.opts.lang()), false),
		field("summary", summary, false),
		list("findings", len(r.Findings), func(i int) any {
			f := r.Findings[i]
			return rawJSON(appendFinding(nil, f, j.opts.hint(f.Rule)))
		}, false),
		list("deals", len(r.Deals), func(i int) any { return rawJSON(appendDeal(nil, r.Deals[i])) }, false),
		list("errors", len(r.Errors), func(i int) any { return i18n.Text(r.Errors[i], j.opts.words()) }, true),
	} {
		if err != nil {
			return err
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// Diff writes the deal changes as one JSON document.
func (j jsonReporter) Diff(w io.Writer, rep *change.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(diffJSON(rep, j.opts.words()))
}

type jsonDiffFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

type jsonDiff struct {
	Kind        string               `json:"kind"`
	ID          string               `json:"id"`
	Title       string               `json:"title"`
	File        string               `json:"file,omitempty"`
	OldFile     string               `json:"old_file,omitempty"`
	Summary     string               `json:"summary"`
	Stage       *change.StageMove    `json:"stage,omitempty"`
	Amount      *change.Pair         `json:"amount,omitempty"`
	Close       *change.CloseMove    `json:"close_date,omitempty"`
	Players     change.PlayerChanges `json:"key_players"`
	Actions     change.ActionChanges `json:"actions"`
	ScoreBefore int                  `json:"score_before"`
	ScoreAfter  int                  `json:"score_after"`
	Steps       map[string]any       `json:"steps,omitempty"`
	NewFindings []jsonDiffFinding    `json:"new_findings"`
	Fixed       []jsonDiffFinding    `json:"fixed_findings"`
	Unreadable  string               `json:"unreadable,omitempty"`
}

// diffJSON is the deal changes as JSON: the machine fields as the change
// package has them, the summaries (and why a file cannot be read) in p's
// language, which "language" names.
func diffJSON(rep *change.Report, p i18n.Printer) any {
	conv := func(fs []lint.Finding) []jsonDiffFinding {
		out := make([]jsonDiffFinding, 0, len(fs))
		for _, f := range fs {
			out = append(out, jsonDiffFinding{File: f.File, Line: f.Pos.Line, Column: f.Pos.Col, Severity: f.Severity.String(), Rule: f.Rule, Message: f.Message})
		}
		return out
	}
	diffs := make([]jsonDiff, 0, len(rep.Diffs))
	for _, d := range rep.Diffs {
		jd := jsonDiff{Kind: d.Kind, ID: d.ID, Title: d.Title, File: d.File, OldFile: d.OldFile, Summary: d.Summary(p),
			Stage: d.Stage, Amount: d.Amount, Close: d.Close, Players: d.Players, Actions: d.Actions,
			ScoreBefore: d.ScoreBefore, ScoreAfter: d.ScoreAfter, NewFindings: conv(d.NewFindings), Fixed: conv(d.FixedFindings)}
		if d.Unreadable != nil {
			jd.Unreadable = d.Unreadable.In(p)
		}
		if len(d.Steps) > 0 {
			jd.Steps = map[string]any{}
			for _, s := range d.Steps {
				jd.Steps[string(s.Step.ID)] = map[string]int{"before": s.Before, "after": s.After}
			}
		}
		diffs = append(diffs, jd)
	}
	return map[string]any{"base": rep.Base, "head": rep.Head, "language": string(p.Lang), "summary": rep.Headline(p), "deals": diffs, "unchanged": rep.Unchanged}
}
