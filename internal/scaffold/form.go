package scaffold

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/schema"
)

// Form collects the header of a new deal, from flags or by asking, and
// checks every answer as it is given, against the schema and the
// repository's configuration.
type Form struct {
	Config *config.Config
	// Today judges close dates of open deals.
	Today string
	// Taken reports whether an id is already used by a deal or a file.
	Taken func(id string) bool
	// Requires reports whether a stage requires a rule, such as
	// deal-forecast, which makes the amount and close date required.
	Requires func(stage, rule string) bool
	// OwnerHint is the default owner, for example the team member whose
	// email is the user's git email.
	OwnerHint string

	values map[string]string
}

// Field is one answer of the form; Name is also its flag's name.
type Field struct {
	Name, Prompt string
	Choices      []string
	// Asked fields are prompted for; the others come from flags only.
	Asked bool
}

// Fields lists the form's fields in the order they are asked.
func (f *Form) Fields() []Field {
	var stages []string
	for _, s := range f.Config.Stages {
		stages = append(stages, s.ID)
	}
	return []Field{
		{Name: "account", Prompt: "Account (the customer's company name)", Asked: true},
		{Name: "title", Prompt: "Deal title, e.g. ERP rollout for three plants", Asked: true},
		{Name: "owner", Prompt: "Owner (your id in the team)", Choices: f.teamIDs(), Asked: true},
		{Name: "size", Prompt: "Account size", Choices: enum("/properties/account/properties/size"), Asked: true},
		{Name: "product", Prompt: "Product", Asked: true},
		{Name: "complexity", Prompt: "Product complexity (complex: needs technical and user evaluation)", Choices: enum("/properties/product/properties/complexity"), Asked: true},
		{Name: "stage", Prompt: "Stage", Choices: stages, Asked: true},
		{Name: "amount", Prompt: "Expected contract value, e.g. 250000 or 250k", Asked: true},
		{Name: "currency", Prompt: "Currency", Asked: true},
		{Name: "close", Prompt: "Expected close date (YYYY-MM-DD)", Asked: true},
		{Name: "region", Prompt: "Region where the account buys, e.g. EMEA", Asked: true},
		{Name: "industry", Prompt: "Industry, e.g. manufacturing", Asked: true},
		{Name: "id", Prompt: "Deal id (also the file name)", Asked: true},
	}
}

func enum(at string) []string {
	var out []string
	if list, ok := schema.Deal().At(at)["enum"].([]any); ok {
		for _, v := range list {
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

func pattern(at string) *regexp.Regexp {
	p, _ := schema.Deal().At(at)["pattern"].(string)
	return regexp.MustCompile(p)
}

var (
	ownerPattern    = pattern("/properties/owner")
	currencyPattern = pattern("/properties/amount/properties/currency")
)

func (f *Form) teamIDs() []string {
	var ids []string
	for _, m := range f.Config.Team {
		ids = append(ids, m.ID)
	}
	return ids
}

// Get returns a field's value: the one given, or else its default.
func (f *Form) Get(name string) string {
	if v, ok := f.values[name]; ok {
		return v
	}
	return f.Default(name)
}

// Default is what a field is when it is not given.
func (f *Form) Default(name string) string {
	switch name {
	case "owner":
		return f.OwnerHint
	case "stage":
		for _, s := range f.Config.Stages {
			if s.Open() {
				return s.ID
			}
		}
	case "currency":
		if f.Get("amount") != "" {
			return f.Config.Currency.Base
		}
	case "id":
		if f.Get("account") == "" && f.Get("title") == "" {
			return ""
		}
		id := deal.NewID(f.Get("account"), f.Get("title"))
		if id == "" { // no Latin letters to make one of
			id = "deal"
		}
		return f.uniqueID(id)
	}
	return ""
}

func (f *Form) uniqueID(id string) string {
	if f.Taken == nil || !f.Taken(id) {
		return id
	}
	for n := 2; ; n++ {
		candidate := fmt.Sprintf("%s-%d", id, n)
		if !f.Taken(candidate) {
			return candidate
		}
	}
}

// Required reports whether a field must have a value, which for the
// amount and close date depends on the stage.
func (f *Form) Required(name string) bool {
	switch name {
	case "account", "title", "owner", "size", "product", "complexity", "stage", "id":
		return true
	case "amount", "close":
		return f.Requires != nil && f.Requires(f.Get("stage"), "deal-forecast")
	}
	return false
}

// Set checks a value and keeps it in the form's canonical spelling.
func (f *Form) Set(name, value string) error {
	v, err := f.check(name, strings.TrimSpace(value))
	if err != nil {
		return err
	}
	if f.values == nil {
		f.values = map[string]string{}
	}
	f.values[name] = v
	return nil
}

func (f *Form) check(name, v string) (string, error) {
	if v == "" {
		if !f.Required(name) {
			return "", nil
		}
		if v = f.Default(name); v == "" {
			return "", errors.New("an answer is required")
		}
	}
	if !utf8.ValidString(v) {
		return "", errors.New("this is not UTF-8 text: set your terminal to UTF-8")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return "", errors.New("one line of text, please")
		}
	}
	var field Field
	for _, fl := range f.Fields() {
		if fl.Name == name {
			field = fl
		}
	}
	switch name {
	case "owner":
		if !ownerPattern.MatchString(v) {
			return "", errors.New("an owner id is lower-case letters, digits, dots, underscores and hyphens, such as li-na")
		}
		if len(field.Choices) > 0 {
			return oneOf(v, field.Choices, "a team member in "+config.FileName)
		}
	case "size", "complexity":
		return oneOf(strings.ToLower(v), field.Choices, "")
	case "stage":
		return oneOf(strings.ToLower(v), field.Choices, "a stage in "+config.FileName)
	case "amount":
		return amount(v)
	case "currency":
		v = strings.ToUpper(v)
		if !currencyPattern.MatchString(v) {
			return "", errors.New("a three-letter ISO 4217 code, such as USD, EUR or CNY")
		}
		if _, ok := f.Config.Convert(1, v); !ok {
			return "", fmt.Errorf("%s has no conversion rate to %s: add it under currency.rates in %s first, or use %s", v, f.Config.Currency.Base, config.FileName, f.Config.Currency.Base)
		}
	case "close":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", errors.New("a date written YYYY-MM-DD, such as 2027-03-31")
		}
		if st, ok := f.Config.Stage(f.Get("stage")); ok && st.Open() && f.Today != "" && v < f.Today {
			return "", fmt.Errorf("%s has passed: an open deal closes today or later", v)
		}
		if st, ok := f.Config.Stage(f.Get("stage")); ok && st.Outcome == config.Won && f.Today != "" && v > f.Today {
			return "", fmt.Errorf("%s is still to come: a won deal was signed, so it closed today or earlier", v)
		}
	case "id":
		if !deal.ValidID(v) {
			return "", errors.New("an id is lower-case letters, digits, dots, underscores and hyphens, up to 80 of them, such as acme-erp-2027")
		}
		if f.Taken != nil && f.Taken(v) {
			return "", fmt.Errorf("%s is taken: another deal has this id or file name", v)
		}
	}
	return v, nil
}

func oneOf(v string, choices []string, what string) (string, error) {
	for _, c := range choices {
		if v == c {
			return v, nil
		}
	}
	msg := "one of " + strings.Join(choices, ", ")
	switch {
	case what != "" && len(choices) > maxListed:
		msg = what
	case what != "":
		msg = what + ": " + msg
	}
	if s := source.Closest(v, choices); s != "" {
		msg = fmt.Sprintf("did you mean %s? (%s)", s, msg)
	}
	return "", errors.New(msg)
}

// amount reads what people type for money: 250000, 250,000, 1.2M, 250k.
func amount(s string) (string, error) {
	t := strings.NewReplacer(",", "", "_", "", " ", "", "'", "").Replace(s)
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "k") || strings.HasSuffix(t, "K"):
		mult, t = 1e3, t[:len(t)-1]
	case strings.HasSuffix(t, "m") || strings.HasSuffix(t, "M"):
		mult, t = 1e6, t[:len(t)-1]
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 || n != n || n*mult > 1e15 {
		return "", errors.New("a plain amount such as 250000, 250k or 1.2M, without the currency")
	}
	return strconv.FormatFloat(n*mult, 'f', -1, 64), nil
}

// Missing lists the required fields that have no value yet.
func (f *Form) Missing() []string {
	var out []string
	for _, fl := range f.Fields() {
		if f.Required(fl.Name) && f.Get(fl.Name) == "" {
			out = append(out, fl.Name)
		}
	}
	return out
}

// maxListed is the most choices a prompt or an error lists: a team of
// forty is better left to deals.config.yaml.
const maxListed = 8

// ErrNoInput means the input ended before the form was complete.
var ErrNoInput = errors.New("input ended before every question was answered")

// Ask asks for every field that was not given, showing its default and
// choices, and asks again until the answer is valid.
func (f *Form) Ask(in *bufio.Reader, out io.Writer) error {
	for _, fl := range f.Fields() {
		if _, given := f.values[fl.Name]; given || !fl.Asked {
			continue
		}
		if fl.Name == "currency" && f.Get("amount") == "" {
			continue
		}
		for {
			prompt := fl.Prompt
			if len(fl.Choices) > 0 && len(fl.Choices) <= maxListed {
				prompt += " (" + strings.Join(fl.Choices, ", ") + ")"
			}
			if !f.Required(fl.Name) {
				prompt += ", optional"
			}
			if d := f.Default(fl.Name); d != "" {
				prompt += " [" + d + "]"
			}
			fmt.Fprintf(out, "%s: ", prompt)
			line, err := in.ReadString('\n')
			if err != nil && (err != io.EOF || line == "") {
				fmt.Fprintln(out)
				return ErrNoInput
			}
			answer := strings.TrimSpace(line)
			if answer == "" {
				answer = f.Default(fl.Name)
			}
			if err := f.Set(fl.Name, answer); err != nil {
				fmt.Fprintf(out, "  %v\n", err)
				continue
			}
			break
		}
	}
	return nil
}

// Deal is the form's answers, to be written with the given schema
// reference in the modeline.
func (f *Form) Deal(schemaRef string) Deal {
	return Deal{
		ID: f.Get("id"), Title: f.Get("title"), Account: f.Get("account"),
		Size: f.Get("size"), Region: f.Get("region"), Industry: f.Get("industry"),
		Product: f.Get("product"), Complexity: f.Get("complexity"),
		Owner: f.Get("owner"), Stage: f.Get("stage"),
		Amount: f.Get("amount"), Currency: f.Get("currency"), Close: f.Get("close"),
		Schema: schemaRef, Today: f.Today,
	}
}

// OwnerHint guesses the user's team id from their email (as git knows it):
// the team member with that email or name or, without a team, the email's
// name. It is "" when nothing fits.
func OwnerHint(cfg *config.Config, email string) string {
	if email == "" {
		return ""
	}
	id, inTeam := cfg.MemberNamed(email)
	if inTeam || len(cfg.Team) == 0 {
		return id
	}
	return ""
}
