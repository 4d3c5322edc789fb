package source_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/dealgen"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
	"github.com/rogpeppe/go-internal/txtar"
	"gopkg.in/yaml.v3"
)

// The checker behind Schema.Valid must say what the validator says. These
// tests compare the two on the files of the repository, on generated deals
// and on generated deals with one thing broken in each.

var bothSchemas = []struct {
	name string
	s    *schema.Schema
}{{"deal", schema.Deal()}, {"config", schema.Config()}}

// agree fails t when the checker and the validator differ on v, and says
// whether v is valid against s.
func agree(t testing.TB, what string, s *schema.Schema, v any) bool {
	t.Helper()
	want := s.Validate(v)
	if got := s.Valid(v); got != (want == nil) {
		t.Fatalf("%s: Valid says %v, the validator says %v", what, got, want)
	}
	return want == nil
}

// repoFiles are the YAML files of the repository that deals reads: the
// examples, the test fixtures and the files of the command's scripts.
func repoFiles(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	for _, pattern := range []string{
		"../../examples/*.yaml", "../../examples/*/*.yaml", "../deal/testdata/*.yaml", "../lint/testdata/*.yaml",
		"../*/testdata/fuzz/*/*",
	} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			files[m] = data
		}
	}
	scripts, _ := filepath.Glob("../cli/testdata/script/*.txtar")
	for _, script := range scripts {
		a, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".yaml") || strings.HasSuffix(f.Name, ".yml") {
				files[script+":"+f.Name] = f.Data
			}
		}
	}
	if len(files) < 50 {
		t.Fatalf("only %d files found", len(files))
	}
	return files
}

func value(data []byte) (any, bool) {
	root, err := source.Parse("f.yaml", data)
	if err != nil {
		return nil, false
	}
	v, errs := source.Value("f.yaml", root)
	return v, len(errs) == 0
}

func TestValidMatchesJSONSchemaOnRepoFiles(t *testing.T) {
	n, ok := 0, 0
	for name, data := range repoFiles(t) {
		v, parsed := value(data)
		if !parsed {
			continue
		}
		for _, s := range bothSchemas {
			n++
			if agree(t, name+" as "+s.name, s.s, v) {
				ok++
			}
		}
	}
	t.Logf("%d checks, %d valid", n, ok)
	if ok == 0 || ok == n {
		t.Fatalf("%d of %d checks valid: the files do not test both verdicts", ok, n)
	}
}

// A step of a path into a value: a key of a map or an index of a list.
type step struct {
	key   string
	index int
}

type path []step

func (p path) String() string {
	var b strings.Builder
	for _, s := range p {
		if s.key != "" || s.index < 0 {
			b.WriteString("." + s.key)
		} else {
			fmt.Fprintf(&b, "[%d]", s.index)
		}
	}
	return b.String()
}

// paths lists every place in v, v itself first.
func paths(v any, at path, out []path) []path {
	out = append(out, at)
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = paths(v[k], append(at[:len(at):len(at)], step{key: k, index: -1}), out)
		}
	case []any:
		for i, e := range v {
			out = paths(e, append(at[:len(at):len(at)], step{index: i}), out)
		}
	}
	return out
}

func get(v any, p path) any {
	for _, s := range p {
		if s.index < 0 {
			v = v.(map[string]any)[s.key]
		} else {
			v = v.([]any)[s.index]
		}
	}
	return v
}

// edit is v with the value at p replaced by what f makes of it; f's ok
// false removes it (a key from its map, an item from its list). Only the
// maps and lists along p are copied.
func edit(v any, p path, f func(old any) (any, bool)) any {
	if len(p) == 0 {
		n, _ := f(v)
		return n
	}
	s := p[0]
	if s.index < 0 {
		m := v.(map[string]any)
		c := make(map[string]any, len(m))
		for k, e := range m {
			c[k] = e
		}
		if len(p) == 1 {
			if n, ok := f(m[s.key]); ok {
				c[s.key] = n
			} else {
				delete(c, s.key)
			}
		} else {
			c[s.key] = edit(m[s.key], p[1:], f)
		}
		return c
	}
	l := v.([]any)
	if len(p) == 1 {
		n, ok := f(l[s.index])
		c := append([]any{}, l[:s.index]...)
		if ok {
			c = append(c, n)
		}
		return append(c, l[s.index+1:]...)
	}
	c := append([]any{}, l...)
	c[s.index] = edit(l[s.index], p[1:], f)
	return c
}

// A mutation changes the value at a place; ok is false when it does not
// apply to what is there.
type mutation struct {
	name  string
	apply func(old any) (v any, ok bool)
}

func replaceString(f func(s string) any) func(any) (any, bool) {
	return func(old any) (any, bool) {
		s, ok := old.(string)
		if !ok {
			return nil, false
		}
		return f(s), true
	}
}

func replaceNumber(n any) func(any) (any, bool) {
	return func(old any) (any, bool) {
		switch old.(type) {
		case int64, float64:
			return n, true
		}
		return nil, false
	}
}

func withMap(f func(m map[string]any) any) func(any) (any, bool) {
	return func(old any) (any, bool) {
		m, ok := old.(map[string]any)
		if !ok {
			return nil, false
		}
		c := make(map[string]any, len(m)+1)
		for k, e := range m {
			c[k] = e
		}
		return f(c), true
	}
}

func withList(f func(l []any) any) func(any) (any, bool) {
	return func(old any) (any, bool) {
		l, ok := old.([]any)
		if !ok {
			return nil, false
		}
		return f(append([]any{}, l...)), true
	}
}

// firstKey is the first key of m in order, or "".
func firstKey(m map[string]any) string {
	first := ""
	for k := range m {
		if first == "" || k < first {
			first = k
		}
	}
	return first
}

// mutations are the ways a deal or a configuration gets broken, each
// applied at every place it fits; a few keep the value valid on purpose
// (a leap day, a text of the longest length in multi-byte letters).
var mutations = []mutation{
	{"wrong type", func(old any) (any, bool) {
		switch old := old.(type) {
		case string:
			return int64(7), true
		case int64, float64:
			return "7", true
		case bool:
			return "yes", true
		case nil:
			return []any{}, true
		case []any:
			return map[string]any{"a": "b"}, true
		case map[string]any:
			return "text: " + firstKey(old), true
		}
		return nil, false
	}},
	{"number for text", replaceString(func(string) any { return 1.5 })},
	{"bool for text", replaceString(func(string) any { return true })},
	{"list for text", replaceString(func(s string) any { return []any{s} })},
	{"null", func(old any) (any, bool) { return nil, old != nil }},
	{"remove", func(any) (any, bool) { return nil, false }},
	{"empty text", replaceString(func(string) any { return "" })},
	{"too long", replaceString(func(s string) any { return s + strings.Repeat("x", 81) })},
	{"41 letters", replaceString(func(string) any { return strings.Repeat("é", 41) })},
	{"40 letters", replaceString(func(string) any { return strings.Repeat("é", 40) })},
	{"80 letters", replaceString(func(string) any { return strings.Repeat("日", 80) })},
	{"81 letters", replaceString(func(string) any { return strings.Repeat("a", 81) })},
	{"invalid UTF-8", replaceString(func(s string) any { return s + "\xff" })},
	{"enum typo", replaceString(func(s string) any { return s + "x" })},
	{"upper case", replaceString(func(s string) any { return strings.ToUpper(s) })},
	{"space", replaceString(func(s string) any { return strings.ReplaceAll(s, "-", " ") + " x" })},
	{"impossible date", replaceString(func(string) any { return "2026-02-30" })},
	{"month 13", replaceString(func(string) any { return "2026-13-01" })},
	{"leap day", replaceString(func(string) any { return "2028-02-29" })},
	{"not a leap day", replaceString(func(string) any { return "2027-02-29" })},
	{"slashes", replaceString(func(string) any { return "2026/03/01" })},
	{"short date", replaceString(func(string) any { return "2026-3-1" })},
	{"bad email", replaceString(func(s string) any { return strings.ReplaceAll(s, "@", "") + "@" })},
	{"email", replaceString(func(string) any { return "li.na@example.com" })},
	{"currency", replaceString(func(string) any { return "usd" })},
	{"id", replaceString(func(string) any { return "acme.erp_2-x" })},
	{"negative", replaceNumber(int64(-1))},
	{"zero", replaceNumber(int64(0))},
	{"negative zero", replaceNumber(math.Copysign(0, -1))},
	{"tiny", replaceNumber(5e-324)},
	{"fraction", replaceNumber(0.5)},
	{"whole float", replaceNumber(3.0)},
	{"hundred", replaceNumber(100.0)},
	{"above a hundred", replaceNumber(int64(101))},
	{"huge", replaceNumber(1e300)},
	{"largest int", replaceNumber(int64(math.MaxInt64))},
	{"unknown key", withMap(func(m map[string]any) any { m["zzz"] = "x"; return m })},
	{"key typo", withMap(func(m map[string]any) any {
		if k := firstKey(m); k != "" {
			m[k+"s"] = m[k]
			delete(m, k)
		}
		return m
	})},
	{"currency key", withMap(func(m map[string]any) any { m["CHF"] = 0.9; return m })},
	{"empty object", withMap(func(map[string]any) any { return map[string]any{} })},
	{"duplicate item", withList(func(l []any) any {
		if len(l) > 0 {
			l = append(l, l[0])
		}
		return l
	})},
	{"number items", withList(func(l []any) any { return append(l, int64(1), 1.0) })},
	{"empty list", withList(func([]any) any { return []any{} })},
	{"more items", withList(func(l []any) any { return append(l, l...) })},
}

var listItems = regexp.MustCompile(`\[\d+\]`)

// A mutant is a value with one mutation at one place; its value is made
// when asked for, as a deal has thousands of mutants.
type mutant struct {
	of   any
	at   path
	kind int
}

func (m mutant) String() string { return mutations[m.kind].name + " at " + m.at.String() }

func (m mutant) value() any { return edit(m.of, m.at, mutations[m.kind].apply) }

// mutants lists the mutants of v in a fixed order.
func mutants(v any) []mutant {
	var out []mutant
	for _, p := range paths(v, nil, nil) {
		old := get(v, p)
		for i, m := range mutations {
			if m.name == "remove" {
				if len(p) > 0 {
					out = append(out, mutant{v, p, i})
				}
				continue
			}
			if _, ok := m.apply(old); ok {
				out = append(out, mutant{v, p, i})
			}
		}
	}
	return out
}

func TestValidMatchesJSONSchemaOnMutants(t *testing.T) {
	deals, sample := 300, 12
	if testing.Short() {
		deals, sample = 60, 6
	}
	type tally struct{ valid, invalid int }
	n := 0
	kinds := make([]tally, len(mutations))
	count := func(s *schema.Schema, what string, m mutant) {
		if agree(t, what, s, m.value()) {
			kinds[m.kind].valid++
		} else {
			kinds[m.kind].invalid++
		}
	}
	check := func(name string, s *schema.Schema, data []byte, all bool, r *rand.Rand) {
		v, ok := value(data)
		if !ok {
			t.Fatalf("%s does not parse", name)
		}
		if !agree(t, name, s, v) {
			t.Fatalf("%s is not valid", name)
		}
		ms := mutants(v)
		if all {
			// Every mutation at every place of the schema: at two items
			// of a list, not at all of them.
			seen := map[string]int{}
			kept := ms[:0]
			for _, m := range ms {
				key := fmt.Sprint(m.kind, listItems.ReplaceAllString(m.at.String(), "[]"))
				if seen[key]++; seen[key] <= 2 {
					kept = append(kept, m)
				}
			}
			ms = kept
		} else {
			r.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			ms = ms[:min(sample, len(ms))]
		}
		n += len(ms)
		for _, m := range ms {
			count(s, name+": "+m.String(), m)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	// Every mutation at every place of a few deals and of the configurations.
	check("deal 0", schema.Deal(), dealgen.Deal(1, 0), true, r)
	check("generated configuration", schema.Config(), dealgen.Config(), true, r)
	if data, err := os.ReadFile("../../examples/deals.config.yaml"); err == nil {
		check("example configuration", schema.Config(), data, true, r)
	}
	// Some of them on many deals.
	for i := 1; i < deals; i++ {
		check(fmt.Sprintf("deal %d", i), schema.Deal(), dealgen.Deal(int64(1+i%3), i), false, r)
	}
	total := tally{}
	t.Logf("%d mutants", n)
	for i, k := range kinds {
		t.Logf("%-16s %5d valid %5d invalid", mutations[i].name, k.valid, k.invalid)
		if k.valid+k.invalid == 0 {
			t.Errorf("mutation %q was never applied", mutations[i].name)
		}
		total.valid += k.valid
		total.invalid += k.invalid
	}
	if total.valid == 0 || total.invalid == 0 {
		t.Fatalf("%+v: the mutants do not test both verdicts", total)
	}
}

// hostile are small files of the kinds that break readers, those of the
// deal loader's fuzz test and more about numbers and keys.
var hostile = []string{
	"", "id: x\n", "\ufeffid: x\r\n", "id: x\n---\nid: y\n", "- a\n", "a: [\n", "a:\n\tb: 1\n",
	"id: a\nid: b\n", "a: &a [x]\nb: *a\n", "<<: {a: 1}\n", "a: !tag x\n", "a: .nan\n",
	"close_date: 2026-02-30\n", "amount: {value: -1}\n", "key_players: [{id: a, name: b, reports_to: a}]\n",
	"title: caf\xe9\n", "a: \x00\n", strings.Repeat("[", 100), "? [a]\n: b\n",
	"amount: {value: !!int nan}\n", "amount: {value: 1e400}\n", "amount: {value: 0x1p-2}\n", "amount: {value: !!int 0x1p3}\n",
	"amount: {value: 99999999999999999999}\n", "amount: {value: -0.0}\n", "amount: {value: 1_000}\n", "amount: {value: !!binary aGk=}\n",
	"tags: [a, b, a]\n", "tags: [1, 1.0]\n", "tags: []\n", "close_date: 2026-01-01T10:00:00Z\n", "close_date: !!str 2026-02-29\n",
	"currency: {base: EUR, rates: {usd: 1, USD: 0, CHF: !!float 1}}\n", "'': x\n", "id: 日本語\n", "title: \"\\xff\"\n",
}

// FuzzValidMatchesJSONSchema reads arbitrary bytes as a deal file would be
// read and checks that the checker and the validator agree on them, for
// both schemas.
func FuzzValidMatchesJSONSchema(f *testing.F) {
	for _, data := range repoFiles(f) {
		f.Add(data)
	}
	for _, s := range hostile {
		f.Add([]byte(s))
	}
	for i := range 10 {
		f.Add(dealgen.Deal(1, i))
	}
	f.Add(dealgen.Config())
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20 {
		v, _ := value(dealgen.Deal(2, i))
		ms := mutants(v)
		for range 4 {
			data, err := yaml.Marshal(ms[r.IntN(len(ms))].value())
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, ok := value(data)
		if !ok {
			return // not a file deals would check
		}
		for _, s := range bothSchemas {
			agree(t, s.name, s.s, v)
		}
	})
}

// The checker's valid verdict costs next to no memory: no error, no
// location, no map. The formats may allocate (an e-mail address is parsed).
func TestValidAllocations(t *testing.T) {
	v, _ := value(dealgen.Deal(1, 0))
	if !schema.Deal().Valid(v) {
		t.Fatal("not valid")
	}
	valid := testing.AllocsPerRun(100, func() { schema.Deal().Valid(v) })
	validate := testing.AllocsPerRun(10, func() { _ = schema.Deal().Validate(v) })
	t.Logf("allocations of a valid deal: Valid %.0f, Validate %.0f", valid, validate)
	if valid > 10 {
		t.Errorf("Valid allocates %.0f times on a valid deal", valid)
	}
}
