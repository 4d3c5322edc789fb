package teamrule

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/schema"
)

// node is a part of the deal schema: what a field of a deal may hold.
type node map[string]any

var (
	dealOnce sync.Once
	dealRoot node
)

// dealSchema is the schema of a whole deal.
func dealSchema() node {
	dealOnce.Do(func() { dealRoot = node(schema.Deal().At("")) })
	return dealRoot
}

// properties are the fields an object of the schema may have, with those
// of its alternatives (oneOf, anyOf) when it has any.
func (n node) properties() map[string]any {
	props, _ := n["properties"].(map[string]any)
	for _, alt := range []string{"oneOf", "anyOf"} {
		list, _ := n[alt].([]any)
		for _, a := range list {
			m, _ := a.(map[string]any)
			more := node(m).properties()
			if len(more) == 0 {
				continue
			}
			merged := make(map[string]any, len(props)+len(more))
			for k, v := range props {
				merged[k] = v
			}
			for k, v := range more {
				merged[k] = v
			}
			props = merged
		}
	}
	return props
}

// field is what field key of n may hold; known is false when n cannot
// have such a field. A node that allows any field allows key (and says
// nothing of it).
func (n node) field(key string) (next node, known bool) {
	if n == nil {
		return nil, true
	}
	if p, ok := n.properties()[key].(map[string]any); ok {
		return node(p), true
	}
	if ap, ok := n["additionalProperties"].(map[string]any); ok {
		return node(ap), true
	}
	if n["additionalProperties"] == false || !n.can("object") {
		return nil, false
	}
	return nil, true
}

// items is what the items of a list may hold.
func (n node) items() node {
	if m, ok := n["items"].(map[string]any); ok {
		return node(m)
	}
	return nil
}

// can reports whether a value of the node may be of JSON type kind.
func (n node) can(kind string) bool {
	switch t := n["type"].(type) {
	case string:
		return t == kind
	case []any:
		for _, x := range t {
			if x == kind {
				return true
			}
		}
		return false
	}
	return true
}

// names are the fields n may have, sorted.
func (n node) names() []string {
	props := n.properties()
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fields checks every field an expression reads of the deal against the
// deal schema, so that a misspelt field is a configuration error when the
// configuration loads, not a rule that silently never fires: deal.close
// .plann, and p.rol in deal.key_players.all(p, p.rol == "coach").
func (c *compiler) fields(x config.Expr, ast *cel.Ast) {
	native := ast.NativeRep()
	info := native.SourceInfo()
	lines := strings.Split(x.Text, "\n")
	w := walker{report: func(id int64, path, key string, in node) {
		loc := info.GetStartLocation(id)
		pos := x.Pos
		if line, col := loc.Line(), loc.Column(); line > 0 && line <= len(lines) {
			// CEL places a field at what selects it (the dot, the bracket,
			// the has of has(...)); the name itself is what is misspelt.
			// Columns count characters, not bytes: a Chinese text before
			// the field must not push the position right.
			text := []rune(lines[line-1])
			if i := strings.Index(string(text[min(col, len(text)):]), key); i >= 0 {
				col += utf8.RuneCountInString(string(text[min(col, len(text)):])[:i])
			}
			pos = x.At(line, col+1)
		}
		c.bad(pos, "config.team.unknownField", "id", c.rule.ID.Name, "path", path, "key", key, "guess", guess(key, in.names()), "fields", in.names())
	}}
	w.walk(native.Expr(), map[string]binding{})
}

// binding is what a name in an expression stands for: a part of the deal
// and its path in words.
type binding struct {
	node node
	path string
}

type walker struct {
	report func(id int64, path, key string, in node)
}

// walk checks e and returns what part of the deal it is, if it is one.
func (w *walker) walk(e celast.Expr, scope map[string]binding) *binding {
	switch e.Kind() {
	case celast.IdentKind:
		name := e.AsIdent()
		if b, ok := scope[name]; ok {
			return &b
		}
		if name == "deal" {
			return &binding{node: dealSchema(), path: "deal"}
		}
	case celast.SelectKind:
		s := e.AsSelect()
		return w.member(e.ID(), w.walk(s.Operand(), scope), s.FieldName())
	case celast.CallKind:
		call := e.AsCall()
		args := call.Args()
		var bound []*binding
		if call.IsMemberFunction() {
			w.walk(call.Target(), scope)
		}
		for _, a := range args {
			bound = append(bound, w.walk(a, scope))
		}
		switch call.FunctionName() {
		case "_?._", operators.Index, operators.OptIndex:
			if len(args) == 2 && bound[0] != nil {
				if lit := args[1]; lit.Kind() == celast.LiteralKind {
					switch k := lit.AsLiteral().(type) {
					case types.String:
						return w.member(e.ID(), bound[0], string(k))
					case types.Int, types.Uint:
						if bound[0].node.can("array") {
							return &binding{node: bound[0].node.items(), path: bound[0].path + "[]"}
						}
					}
				}
			}
		}
	case celast.ComprehensionKind:
		comp := e.AsComprehension()
		rng := w.walk(comp.IterRange(), scope)
		inner := make(map[string]binding, len(scope)+2)
		for k, v := range scope {
			inner[k] = v
		}
		// A name bound by the comprehension hides one outside it.
		delete(inner, comp.IterVar())
		delete(inner, comp.AccuVar())
		if comp.HasIterVar2() {
			delete(inner, comp.IterVar2())
		}
		if rng != nil && rng.node != nil && rng.node.can("array") {
			item := binding{node: rng.node.items(), path: rng.path + "[]"}
			if comp.HasIterVar2() {
				inner[comp.IterVar2()] = item // (index, item)
			} else {
				inner[comp.IterVar()] = item
			}
		}
		w.walk(comp.AccuInit(), scope)
		w.walk(comp.LoopCondition(), inner)
		w.walk(comp.LoopStep(), inner)
		w.walk(comp.Result(), inner)
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			w.walk(el, scope)
		}
	case celast.MapKind:
		for _, ent := range e.AsMap().Entries() {
			if ent.Kind() == celast.MapEntryKind {
				w.walk(ent.AsMapEntry().Key(), scope)
				w.walk(ent.AsMapEntry().Value(), scope)
			}
		}
	case celast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			if f.Kind() == celast.StructFieldKind {
				w.walk(f.AsStructField().Value(), scope)
			}
		}
	}
	return nil
}

// member is field key of b, reported when the schema says b has no such
// field.
func (w *walker) member(id int64, b *binding, key string) *binding {
	if b == nil || b.node == nil {
		return nil
	}
	next, known := b.node.field(key)
	if !known {
		w.report(id, b.path, key, b.node)
		return nil
	}
	return &binding{node: next, path: strings.TrimSuffix(b.path+"."+key, ".")}
}
