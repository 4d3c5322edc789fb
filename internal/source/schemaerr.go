package source

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/schema"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

// ErrSchema marks errors where the YAML is well-formed but does not follow the schema.
var ErrSchema = errors.New("does not match the schema")

// Check validates v (made by Value from root) against s and returns one
// positioned, plainly worded error per problem, in file order. An unknown
// key points at the key; a missing field at the key of the object lacking it.
func Check(file string, root *yaml.Node, v any, s *schema.Schema) []*Error {
	if s.Valid(v) {
		return nil
	}
	return Explain(file, root, v, s)
}

// Explain is Check without the compiled checker's answer: the validator
// judges and explains. It is what Check falls back on, and the reference a
// test holds the checker to.
func Explain(file string, root *yaml.Node, v any, s *schema.Schema) []*Error {
	err := s.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []*Error{{File: file, Pos: Pos{1, 1}, Msg: err.Error(), Err: err}}
	}
	var out []*Error
	seen := map[string]bool{}
	for _, leaf := range leaves(ve, nil) {
		for _, e := range explain(file, root, leaf, s) {
			id := fmt.Sprint(e.Line, ":", e.Col, ":", e.Key, ":", e.Msg)
			if !seen[id] {
				seen[id] = true
				out = append(out, e)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out
}

func leaves(ve *jsonschema.ValidationError, acc []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return append(acc, ve)
	}
	for _, c := range ve.Causes {
		acc = leaves(c, acc)
	}
	return acc
}

// located is where an instance location leads in the node tree: the value
// and, when the value sits under a key, that key.
type located struct {
	key, value *yaml.Node
	name       any    // what the value is, for messages: "owner", "item 2 of roles" (a string or an i18n.Msg)
	field      string // the nearest field name
	path       string // the path of keys and items: "key_players[2].attitude"
}

func locate(root *yaml.Node, instance string, whole i18n.Msg) located {
	loc := located{value: root, name: whole, field: ""}
	if instance == "" {
		return loc
	}
	for _, tok := range strings.Split(strings.TrimPrefix(instance, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		n := Deref(loc.value)
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					var name any = tok
					if loc.key != nil {
						name = loc.field + "." + tok // "amount.value" says more than "value"
					}
					path := tok
					if loc.path != "" {
						path = loc.path + "." + tok
					}
					loc = located{key: n.Content[i], value: n.Content[i+1], name: name, field: tok, path: path}
					found = true
					break
				}
			}
			if !found {
				return loc
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return loc
			}
			loc.value = n.Content[i]
			loc.key = nil
			loc.name = i18n.M("source.name.item", "n", i+1, "of", loc.name)
			loc.path = fmt.Sprintf("%s[%d]", loc.path, i)
		default:
			return loc
		}
	}
	return loc
}

// Deref follows aliases to the node they name.
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// PosOf is n's position, or 1:1 for a missing node.
func PosOf(n *yaml.Node) Pos {
	if n == nil {
		return Pos{1, 1}
	}
	return Pos{max(n.Line, 1), max(n.Column, 1)}
}

// explain words one validation error for a sales rep rather than a schema
// author, as a text of the interface catalog.
func explain(file string, root *yaml.Node, ve *jsonschema.ValidationError, s *schema.Schema) []*Error {
	whole, why := i18n.M("source.name.file"), "source.why.config-"
	if s == schema.Deal() {
		whole, why = i18n.M("source.name.deal"), "source.why."
	}
	loc := locate(root, ve.InstanceLocation, whole)
	kw := ve.KeywordLocation[strings.LastIndex(ve.KeywordLocation, "/")+1:]
	parentKw := strings.TrimSuffix(ve.AbsoluteKeywordLocation[strings.Index(ve.AbsoluteKeywordLocation, "#")+1:], "/"+kw)
	sub := s.At(parentKw)
	at := PosOf(loc.value)
	mk := func(p Pos, field, key string, args ...any) *Error {
		e := Problem(file, p, ErrSchema, key, args...)
		e.Field = field
		return e
	}
	field := loc.field
	if field == "" {
		field = "the deal"
	}
	value := Deref(loc.value)
	switch kw {
	case "additionalProperties":
		// The unknown keys are found from the node and the schema, not read
		// out of the validator's message, which quotes them all (a file of
		// thousands of unknown keys would cost their square).
		allowed := propertyNames(sub)
		known := make(map[string]bool, len(allowed))
		for _, a := range allowed {
			known[a] = true
		}
		var out []*Error
		for i := 0; i+1 < len(value.Content); i += 2 {
			k := Deref(value.Content[i])
			name := k.Value
			if known[name] || k.Kind != yaml.ScalarNode {
				continue
			}
			path := join(loc.path, name)
			switch guess := Closest(name, allowed); {
			case guess != "":
				out = append(out, mk(PosOf(k), path, "source.unknownField.guess", "name", name, "where", loc.name, "guess", guess))
			case len(allowed) > 0 && len(allowed) <= 30:
				out = append(out, mk(PosOf(k), path, "source.unknownField.list", "name", name, "where", loc.name, "fields", allowed))
			default:
				out = append(out, mk(PosOf(k), path, "source.unknownField.plain", "name", name, "where", loc.name))
			}
		}
		return out
	case "required":
		p := at
		if loc.key != nil {
			p = PosOf(loc.key)
		}
		var out []*Error
		props, _ := sub["required"].([]any)
		for _, r := range props {
			name := fmt.Sprint(r)
			if hasKey(value, name) {
				continue
			}
			if key := why + schemaPath(join(loc.path, name)); english.Has(key) {
				out = append(out, mk(p, join(loc.path, name), "source.missingField.why", "where", loc.name, "name", name, "why", i18n.M(key)))
			} else {
				out = append(out, mk(p, join(loc.path, name), "source.missingField.plain", "where", loc.name, "name", name))
			}
		}
		return out
	case "type":
		args := []any{"where", loc.name, "want", describeType(sub), "got", describeNode(value)}
		switch {
		case sub["type"] == "string" && value.Kind == yaml.MappingNode:
			return []*Error{mk(at, loc.path, "source.type.colon", args...)}
		case sub["type"] == "number" && value.Kind == yaml.ScalarNode && looksNumeric(value.Value):
			return []*Error{mk(at, loc.path, "source.type.number", append(args, "digits", digitsOnly(value.Value))...)}
		}
		return []*Error{mk(at, loc.path, "source.type.plain", args...)}
	case "enum":
		var opts []string
		if e, ok := sub["enum"].([]any); ok {
			for _, o := range e {
				opts = append(opts, fmt.Sprint(o))
			}
		}
		if guess := Closest(value.Value, opts); guess != "" {
			return []*Error{mk(at, loc.path, "source.enum.guess", "value", value.Value, "field", field, "guess", guess, "values", opts)}
		}
		return []*Error{mk(at, loc.path, "source.enum.plain", "value", value.Value, "field", field, "values", opts)}
	case "format":
		if sub["format"] == "date" {
			return []*Error{dateProblem(file, at, loc, value.Value)}
		}
		return []*Error{mk(at, loc.path, "source.format", "where", loc.name, "value", value.Value, "format", fmt.Sprint(sub["format"]))}
	case "minLength":
		return []*Error{mk(at, loc.path, "source.emptyValue", "where", loc.name)}
	case "maxLength":
		return []*Error{mk(at, loc.path, "source.tooLong", "where", loc.name, "max", fmt.Sprint(sub["maxLength"]))}
	case "minimum":
		return []*Error{mk(at, loc.path, "source.minimum", "where", loc.name, "min", fmt.Sprint(sub["minimum"]), "value", value.Value)}
	case "exclusiveMinimum":
		return []*Error{mk(at, loc.path, "source.exclusiveMinimum", "where", loc.name, "min", fmt.Sprint(sub["exclusiveMinimum"]), "value", value.Value)}
	case "maximum":
		return []*Error{mk(at, loc.path, "source.maximum", "where", loc.name, "max", fmt.Sprint(sub["maximum"]), "value", value.Value)}
	case "minItems":
		n, _ := strconv.Atoi(fmt.Sprint(sub["minItems"]))
		return []*Error{mk(at, loc.path, "source.minItems", "where", loc.name, "count", n)}
	case "uniqueItems":
		if m := equalItems.FindStringSubmatch(ve.Message); m != nil {
			i, _ := strconv.Atoi(m[1])
			j, _ := strconv.Atoi(m[2])
			return []*Error{mk(at, loc.path, "source.uniqueItems.which", "where", loc.name, "a", i+1, "b", j+1)}
		}
		return []*Error{mk(at, loc.path, "source.uniqueItems.plain", "where", loc.name)}
	case "pattern":
		if strings.HasSuffix(parentKw, "/propertyNames") && loc.key != nil {
			// The key is what is wrong ("usd" of rates), not its value.
			key := loc
			key.value = loc.key
			return []*Error{patternProblem(file, PosOf(loc.key), key, i18n.M("source.name.keyOf", "field", parentField(loc.path)), loc.key.Value, fmt.Sprint(sub["pattern"]))}
		}
		return []*Error{patternProblem(file, at, loc, loc.field, value.Value, fmt.Sprint(sub["pattern"]))}
	}
	return []*Error{mk(at, loc.path, "source.other", "where", loc.name, "detail", ve.Message)}
}

// schemaPath is a field path without its list items and with '-' between
// names, as the keys of the fields' texts in the catalog:
// "key_players[2].id" is "key_players-id".
func schemaPath(path string) string {
	return strings.ReplaceAll(listItem.ReplaceAllString(path, ""), ".", "-")
}

var listItem = regexp.MustCompile(`\[\d+\]`)

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if Deref(n.Content[i]).Value == key {
			return true
		}
	}
	return false
}

// equalItems finds which items are the same in the validator's message.
var equalItems = regexp.MustCompile(`index (\d+) and (\d+)`)

var yyyymmdd = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// dateProblem says why a date is not one: a month that does not exist, a
// day the month does not have, or another way of writing it.
func dateProblem(file string, at Pos, loc located, s string) *Error {
	why := DateError(s)
	e := Problem(file, at, ErrSchema, "source.date.in", "where", loc.name, "value", s, "why", why.Msg)
	e.Field = loc.path
	return e
}

// DateError says why s is not a date written YYYY-MM-DD: a month that
// does not exist, a day the month does not have, or another way of
// writing it; nil when it is one.
func DateError(s string) *i18n.Error {
	m := yyyymmdd.FindStringSubmatch(s)
	if m == nil {
		return i18n.Errorf("source.date.format", "value", s)
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if month < 1 || month > 12 {
		return i18n.Errorf("source.date.month", "value", s, "month", month)
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > days {
		return i18n.Errorf("source.date.day", "value", s, "month", i18n.M(fmt.Sprintf("source.month.%d", month)), "year", year, "count", days)
	}
	return nil
}

// idFields are the fields whose values are ids of key players, and what
// such an id looks like.
var idFields = map[string]bool{"key_players": true, "reports_to": true, "key_player": true, "agreed_with": true}

// parentField is the name of the field that holds the last key of a
// path: "rates" of "currency.rates.usd".
func parentField(path string) string {
	parts := strings.Split(path, ".")
	if len(parts) < 2 {
		return path
	}
	return parts[len(parts)-2]
}

// patternProblem words a value that does not match the pattern of its
// field: what the field takes, with an example of that field, and the
// value as it would be valid when only its case is wrong.
func patternProblem(file string, at Pos, loc located, field any, v, pattern string) *Error {
	path := loc.path
	mk := func(key string, args ...any) *Error {
		e := Problem(file, at, ErrSchema, key, append([]any{"value", v, "field", field}, args...)...)
		e.Field = path
		return e
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return mk("source.pattern.other", "pattern", pattern)
	}
	if lower := strings.ToLower(v); lower != v && re.MatchString(lower) {
		return mk("source.pattern.lower", "lower", lower)
	}
	if upper := strings.ToUpper(v); upper != v && re.MatchString(upper) {
		return mk("source.pattern.upper", "upper", upper)
	}
	switch {
	case strings.Contains(pattern, "[A-Z]{3}"):
		return mk("source.pattern.currency")
	case strings.HasPrefix(pattern, "^[a-z0-9]"):
		example := "acme-erp-2027"
		field := loc.field
		switch {
		case idFields[field], field == "id" && strings.HasPrefix(path, "key_players["):
			example = "cfo, it-director"
		case field == "stage":
			example = "qualify, develop"
		case field == "owner" || field == "manager":
			example = "li-na"
		}
		return mk("source.pattern.id", "example", example)
	}
	return mk("source.pattern.other", "pattern", pattern)
}

// looksNumeric reports whether s is a number written with separators,
// spaces or a currency sign, such as "250,000" or "$ 1,200".
func looksNumeric(s string) bool {
	d := digitsOnly(s)
	if d == "" {
		return false
	}
	_, err := strconv.ParseFloat(d, 64)
	return err == nil && strings.Trim(s, "0123456789.,_ '$€£¥") == ""
}

// digitsOnly drops thousands separators and currency signs: "1,200,000" -> "1200000".
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '.' {
			return r
		}
		return -1
	}, s)
}

func propertyNames(sub map[string]any) []string {
	props, _ := sub["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// describeType is what a schema type is, in words. Of a value that may
// be of several types it names the first, the usual way to write it.
func describeType(sub map[string]any) i18n.Msg {
	if types, ok := sub["type"].([]any); ok && len(types) > 0 {
		first := make(map[string]any, len(sub))
		for k, v := range sub {
			first[k] = v
		}
		first["type"] = types[0]
		return describeType(first)
	}
	switch sub["type"] {
	case "string":
		return i18n.M("source.want.text")
	case "number":
		return i18n.M("source.want.number")
	case "integer":
		return i18n.M("source.want.integer")
	case "boolean":
		return i18n.M("source.want.boolean")
	case "array":
		return i18n.M("source.want.list")
	case "object":
		if names := propertyNames(sub); len(names) > 0 {
			return i18n.M("source.want.fields", "fields", names)
		}
		return i18n.M("source.want.object")
	}
	return i18n.M("source.want.other", "type", fmt.Sprint(sub["type"]))
}

// Closest suggests which of the allowed names a typo most likely meant, or "".
func Closest(name string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		d := editDistance(strings.ToLower(name), a)
		if strings.HasPrefix(a, strings.ToLower(name)) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestDist {
			best, bestDist = a, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
