package source

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dealsascode/deals/schema"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

// ErrSchema marks errors where the YAML is well-formed but does not follow the schema.
var ErrSchema = errors.New("does not match the schema")

var quoted = regexp.MustCompile(`'([^']*)'`)

// Check validates v (made by Value from root) against s and returns one
// positioned, plainly worded error per problem, in file order. An unknown
// key points at the key; a missing field at the key of the object lacking it.
func Check(file string, root *yaml.Node, v any, s *schema.Schema) []*Error {
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
			id := fmt.Sprint(e.Line, ":", e.Col, ":", e.Msg)
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
	name       string // what the value is, for messages: "owner", "item 2 of roles"
	field      string // the nearest field name
}

func locate(root *yaml.Node, instance string) located {
	loc := located{value: root, name: "the deal", field: "the deal"}
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
					name := tok
					if loc.key != nil {
						name = loc.field + "." + tok // "amount.value" says more than "value"
					}
					loc = located{key: n.Content[i], value: n.Content[i+1], name: name, field: tok}
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
			loc.name = fmt.Sprintf("item %d of %s", i+1, loc.name)
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

// explain words one validation error for a sales rep rather than a schema author.
func explain(file string, root *yaml.Node, ve *jsonschema.ValidationError, s *schema.Schema) []*Error {
	loc := locate(root, ve.InstanceLocation)
	kw := ve.KeywordLocation[strings.LastIndex(ve.KeywordLocation, "/")+1:]
	parentKw := strings.TrimSuffix(ve.AbsoluteKeywordLocation[strings.Index(ve.AbsoluteKeywordLocation, "#")+1:], "/"+kw)
	sub := s.At(parentKw)
	at := PosOf(loc.value)
	mk := func(p Pos, format string, args ...any) *Error {
		return &Error{File: file, Pos: p, Msg: fmt.Sprintf(format, args...), Err: fmt.Errorf("%w: %s", ErrSchema, ve.Message)}
	}
	value := Deref(loc.value)
	switch kw {
	case "additionalProperties":
		allowed := propertyNames(sub)
		var out []*Error
		for _, m := range quoted.FindAllStringSubmatch(ve.Message, -1) {
			name := m[1]
			keyPos := at
			for i := 0; i+1 < len(value.Content); i += 2 {
				if value.Content[i].Value == name {
					keyPos = PosOf(value.Content[i])
				}
			}
			msg := fmt.Sprintf("unknown field %q in %s", name, loc.name)
			if guess := Closest(name, allowed); guess != "" {
				msg += fmt.Sprintf(": did you mean %q?", guess)
			} else if len(allowed) > 0 {
				msg += fmt.Sprintf(": the fields here are %s", strings.Join(allowed, ", "))
			}
			out = append(out, mk(keyPos, "%s", msg))
		}
		return out
	case "required":
		p := at
		if loc.key != nil {
			p = PosOf(loc.key)
		}
		var out []*Error
		for _, m := range quoted.FindAllStringSubmatch(ve.Message, -1) {
			name := m[1]
			msg := fmt.Sprintf("%s is missing the required field %q", loc.name, name)
			if d := firstSentence(description(sub, name)); d != "" {
				msg += ": " + d
			}
			out = append(out, mk(p, "%s", msg))
		}
		return out
	case "type":
		msg := fmt.Sprintf("%s must be %s, not %s", loc.name, describeType(sub), describeNode(value))
		switch {
		case sub["type"] == "string" && value.Kind == yaml.MappingNode:
			msg += `: a ": " inside text makes YAML read it as a key and a value, so put the whole text in quotes`
		case sub["type"] == "number" && value.Kind == yaml.ScalarNode && looksNumeric(value.Value):
			msg += fmt.Sprintf(": write it without separators or units, as %s", digitsOnly(value.Value))
		}
		return []*Error{mk(at, "%s", msg)}
	case "enum":
		var opts []string
		if e, ok := sub["enum"].([]any); ok {
			for _, o := range e {
				opts = append(opts, fmt.Sprint(o))
			}
		}
		msg := fmt.Sprintf("%q is not a valid value for %s: use one of %s", value.Value, loc.field, strings.Join(opts, ", "))
		if guess := Closest(value.Value, opts); guess != "" {
			msg = fmt.Sprintf("%q is not a valid value for %s: did you mean %q? (one of %s)", value.Value, loc.field, guess, strings.Join(opts, ", "))
		}
		return []*Error{mk(at, "%s", msg)}
	case "format":
		if sub["format"] == "date" {
			return []*Error{mk(at, "%s %q is not a real date: write it as YYYY-MM-DD, for example 2027-03-31", loc.name, value.Value)}
		}
		return []*Error{mk(at, "%s %q is not a valid %v", loc.name, value.Value, sub["format"])}
	case "minLength":
		return []*Error{mk(at, "%s is empty: fill it in or remove the field", loc.name)}
	case "maxLength":
		return []*Error{mk(at, "%s is longer than %v characters", loc.name, sub["maxLength"])}
	case "minimum":
		return []*Error{mk(at, "%s must be %v or more, not %s", loc.name, sub["minimum"], value.Value)}
	case "exclusiveMinimum":
		return []*Error{mk(at, "%s must be more than %v, not %s", loc.name, sub["exclusiveMinimum"], value.Value)}
	case "maximum":
		return []*Error{mk(at, "%s must be %v or less, not %s", loc.name, sub["maximum"], value.Value)}
	case "minItems":
		return []*Error{mk(at, "%s needs at least %v item(s)", loc.name, sub["minItems"])}
	case "uniqueItems":
		return []*Error{mk(at, "%s lists the same item twice: %s", loc.name, ve.Message)}
	case "pattern":
		pattern := fmt.Sprint(sub["pattern"])
		if lower := strings.ToLower(value.Value); lower != value.Value && regexp.MustCompile(pattern).MatchString(lower) {
			return []*Error{mk(at, "%q is not a valid %s: write it in lower case, %q", value.Value, loc.field, lower)}
		}
		if upper := strings.ToUpper(value.Value); upper != value.Value && regexp.MustCompile(pattern).MatchString(upper) {
			return []*Error{mk(at, "%q is not a valid %s: write it in capitals, %q", value.Value, loc.field, upper)}
		}
		return []*Error{mk(at, "%q is not a valid %s: %s", value.Value, loc.field, patternHint(pattern))}
	}
	return []*Error{mk(at, "%s: %s", loc.name, ve.Message)}
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

// patternHint says in words what the schema's few patterns mean.
func patternHint(pattern string) string {
	switch {
	case strings.HasPrefix(pattern, "^[a-z0-9]"):
		return "use only lower-case letters, digits, '.', '_' and '-', for example acme-erp-2027"
	case strings.Contains(pattern, "[A-Z]{3}"):
		return "use a three-letter ISO 4217 currency code such as USD, EUR or CNY"
	}
	return "it must match " + pattern
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

func description(sub map[string]any, prop string) string {
	props, _ := sub["properties"].(map[string]any)
	p, _ := props[prop].(map[string]any)
	d, _ := p["description"].(string)
	return d
}

func firstSentence(s string) string {
	if i := strings.Index(s, "\n"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return strings.TrimSpace(s)
}

func describeType(sub map[string]any) string {
	switch sub["type"] {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "integer":
		return "a whole number"
	case "boolean":
		return "true or false"
	case "array":
		return "a list (lines starting with '- ')"
	case "object":
		if names := propertyNames(sub); len(names) > 0 {
			return "a set of fields (" + strings.Join(names, ", ") + ")"
		}
		return "a set of fields (key: value lines)"
	}
	return fmt.Sprint(sub["type"])
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
