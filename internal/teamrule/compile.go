package teamrule

import (
	"sort"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/source"
)

// Compile compiles the configuration's team rules, once for a whole lint:
// what is wrong with one (CEL that does not compile, a field the deal
// schema does not have, a stage the pipeline does not have, an example it
// judges wrongly) is a problem positioned in the file the rule is written
// in, and every rule is checked. The rules are returned even when there
// are problems, for their ids; only a rule without problems can judge a
// deal. today is YYYY-MM-DD, for daysSince and daysUntil.
func Compile(cfg *config.Config, today string) ([]*Rule, []*source.Error) {
	if len(cfg.TeamRules) == 0 {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, []*source.Error{source.Problem(cfg.File, source.Pos{Line: 1, Col: 1}, err, "config.team.today", "today", today)}
	}
	env, err := newEnv(today, t)
	if err != nil {
		// The environment is the program's, not the user's: a broken
		// one is a defect the tests catch.
		panic(err)
	}
	var rules []*Rule
	var problems []*source.Error
	seen := map[string]bool{}
	for i := range cfg.TeamRules {
		tr := &cfg.TeamRules[i]
		c := compiler{env: env, rule: tr}
		if seen[tr.ID.Name] {
			c.bad(tr.ID.Pos, "config.team.twice", "id", tr.ID.Name)
		}
		seen[tr.ID.Name] = true
		r := &Rule{TeamRule: tr}
		r.cond = c.program(tr.Condition, "condition")
		if tr.When.Pos.IsValid() {
			r.when = c.program(tr.When, "when")
		}
		if tr.Field.Name != "" {
			r.Path = strings.Split(tr.Field.Name, ".")
			c.field(tr.Field, r.Path)
		}
		for _, st := range tr.Stages {
			if _, ok := cfg.Stage(st.Name); !ok {
				c.bad(st.Pos, "config.team.stage", "id", tr.ID.Name, "stage", st.Name, "guess", guess(st.Name, cfg.StageIDs()), "stages", cfg.StageIDs())
			}
		}
		if r.cond != nil && (r.when != nil || !tr.When.Pos.IsValid()) {
			c.examples(cfg, r)
		}
		problems = append(problems, c.problems...)
		rules = append(rules, r)
	}
	sort.SliceStable(problems, func(i, j int) bool {
		a, b := problems[i], problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return rules, problems
}

// newEnv is what a team rule's CEL sees: the deal, its amount in the base
// currency, today and two functions of dates. Optional fields (deal.?close
// .?plan.orValue("")) and numbers compared across types (an amount written
// 50000 or 50000.0) work as people expect.
func newEnv(today string, t time.Time) (*cel.Env, error) {
	days := func(sign int) func(ref.Val) ref.Val {
		return func(v ref.Val) ref.Val {
			s, ok := v.(types.String)
			if !ok {
				return types.NewErr("%v is not a date", v)
			}
			d, err := time.Parse(time.DateOnly, string(s))
			if err != nil {
				return types.NewErr("%q is not a date: write it YYYY-MM-DD", string(s))
			}
			return types.Int(sign * int(t.Sub(d).Hours()/24))
		}
	}
	return cel.NewEnv(
		cel.Variable("deal", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("amount", cel.DoubleType),
		cel.Constant("today", cel.StringType, types.String(today)),
		cel.Function("daysSince", cel.Overload("daysSince_string", []*cel.Type{cel.StringType}, cel.IntType, cel.UnaryBinding(days(1)))),
		cel.Function("daysUntil", cel.Overload("daysUntil_string", []*cel.Type{cel.StringType}, cel.IntType, cel.UnaryBinding(days(-1)))),
		cel.OptionalTypes(),
		cel.CrossTypeNumericComparisons(true),
		ext.Strings(),
	)
}

// compiler compiles one rule and collects what is wrong with it.
type compiler struct {
	env      *cel.Env
	rule     *config.TeamRule
	problems []*source.Error
}

func (c *compiler) bad(p source.Pos, key string, args ...any) {
	c.problems = append(c.problems, source.Problem(c.rule.File, p, nil, key, args...))
}

// program compiles one of the rule's expressions: what names and
// which is "condition" or "when".
func (c *compiler) program(x config.Expr, which string) cel.Program {
	if !x.Set() {
		c.bad(x.Pos, "config.team.empty", "id", c.rule.ID.Name, "which", which)
		return nil
	}
	// Trailing line ends are dropped, so that an expression that ends too
	// soon is reported at its last character, not on the line after it.
	ast, iss := c.env.Compile(strings.TrimRight(x.Text, "\n\r\t "))
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			c.bad(x.At(e.Location.Line(), e.Location.Column()+1), "config.team.compile", "id", c.rule.ID.Name, "which", which, "detail", e.Message)
		}
		return nil
	}
	if out := ast.OutputType(); !out.IsExactType(cel.BoolType) && !out.IsExactType(cel.DynType) {
		c.bad(x.Pos, "config.team.notBool", "id", c.rule.ID.Name, "which", which, "type", out.String())
		return nil
	}
	before := len(c.problems)
	c.fields(x, ast)
	if len(c.problems) > before {
		return nil
	}
	prg, err := c.env.Program(ast, cel.CostLimit(CostLimit), cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		c.bad(x.Pos, "config.team.compile", "id", c.rule.ID.Name, "which", which, "detail", err.Error())
		return nil
	}
	return prg
}

// field checks the path a rule's findings point at against the deal schema.
func (c *compiler) field(f config.Ref, path []string) {
	node := dealSchema()
	for i, key := range path {
		next, known := node.field(key)
		if !known && node.can("array") && node.properties() == nil {
			c.bad(f.Pos, "config.team.fieldList", "id", c.rule.ID.Name, "field", f.Name, "list", fieldsOf(strings.Join(path[:i], ".")))
			return
		}
		if !known {
			at := strings.Join(path[:i], ".")
			c.bad(f.Pos, "config.team.field", "id", c.rule.ID.Name, "field", f.Name, "key", key, "in", fieldsOf(at), "guess", guess(key, node.names()))
			return
		}
		node = next
	}
}

// fieldsOf names a path for a message: the deal itself when it is "".
func fieldsOf(path string) string {
	if path == "" {
		return "deal"
	}
	return "deal." + path
}

// guess is the words that suggest the value closest to name among
// allowed, or nothing.
func guess(name string, allowed []string) any {
	allowed = append([]string(nil), allowed...)
	sort.Strings(allowed)
	return config.DidYouMean(source.Closest(name, allowed))
}

// examples judges the rule's examples: each pass example must satisfy it
// (or be one it does not apply to), each fail example must break it.
func (c *compiler) examples(cfg *config.Config, r *Rule) {
	check := func(list []config.Example, want string) {
		for i, ex := range list {
			v, problems := source.Value(r.File, ex.Node)
			if len(problems) > 0 {
				c.problems = append(c.problems, problems...)
				continue
			}
			data, ok := v.(map[string]any)
			if !ok {
				c.bad(ex.Pos, "config.team.exampleShape", "id", r.ID.Name, "which", want, "n", i+1)
				continue
			}
			verdict, err := r.Judge(InputOf(cfg, data))
			if ee, ok := err.(*EvalError); ok {
				c.bad(ex.Pos, "config.team.exampleEval", "id", r.ID.Name, "which", want, "n", i+1, "detail", ee.Err.Error())
				continue
			}
			switch {
			case want == "pass" && verdict == Broken:
				c.bad(ex.Pos, "config.team.passBroken", "id", r.ID.Name, "n", i+1)
			case want == "fail" && verdict != Broken:
				key := "config.team.failSatisfied"
				if verdict == NotApplicable {
					key = "config.team.failNotApplicable"
				}
				c.bad(ex.Pos, key, "id", r.ID.Name, "n", i+1)
			}
		}
	}
	check(r.Examples.Pass, "pass")
	check(r.Examples.Fail, "fail")
}

// InputOf is what a rule sees of a deal's data: the data, and its amount
// in the configuration's base currency.
func InputOf(cfg *config.Config, data map[string]any) *Input {
	in := &Input{Deal: data}
	amount, _ := data["amount"].(map[string]any)
	var value float64
	switch v := amount["value"].(type) {
	case int64:
		value = float64(v)
	case float64:
		value = v
	}
	currency, _ := amount["currency"].(string)
	if base, ok := cfg.Convert(value, currency); ok {
		in.Amount = base
	}
	return in
}
