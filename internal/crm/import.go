package crm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/safefile"
	"github.com/dealsascode/deals/internal/source"
	"github.com/dealsascode/deals/internal/text"
)

// Options say how rows become deals.
type Options struct {
	Source Source
	// File is the export as named on the command line; deal files name
	// only its base name, so that they do not depend on where it was.
	File string
	// Map overrides the source's column names, field by field.
	Map map[Field]string
	// Size, Complexity and Product fill what CRM exports do not have;
	// Product may be "" when a column holds it.
	Size, Complexity, Product string
	DateOrder                 DateOrder
	// OutDir is the folder deal files are written to.
	OutDir string
	// Schema is where editors find the deal schema, relative to OutDir or
	// a URL; every imported file names it in its first line.
	Schema string
	// Existing maps the ids of the deals already in the repository to
	// their files; rows with those ids are skipped, never overwritten.
	Existing map[string]string
}

// Item is what becomes of one row.
type Item struct {
	Row int
	// ID and Path are the deal's id and file; empty when the row was
	// skipped before they were known.
	ID, Path string
	Content  []byte
	// Skip says why the row is not imported; "" when it is.
	Skip string
	// Notes are what the rep should check in an imported deal.
	Notes []string
	// Err is a failure to write the file.
	Err error
}

// Plan is an import worked out and not yet written.
type Plan struct {
	Source  Source
	Columns Columns
	Items   []*Item
}

// Imported is the number of rows that are (or would be) written.
func (p *Plan) Imported() int {
	n := 0
	for _, it := range p.Items {
		if it.Skip == "" && it.Err == nil {
			n++
		}
	}
	return n
}

// Skipped is the number of rows not imported.
func (p *Plan) Skipped() int { return len(p.Items) - p.Imported() }

// Prepare works out the deal file of every row. It fails only when the
// export lacks a column the import needs (the configuration's crm_stages
// are checked when it loads); everything wrong with a row skips that row.
func Prepare(cfg *config.Config, t *Table, opts Options) (*Plan, error) {
	cols, err := FindColumns(opts.File, opts.Source, t.Header, opts.Map, opts.Product == "")
	if err != nil {
		return nil, err
	}
	p := &Plan{Source: opts.Source, Columns: cols}
	ids := assignIDs(t, cols)
	for _, row := range t.Rows {
		it := &Item{Row: row.Number}
		p.Items = append(p.Items, it)
		a := ids[row.Number]
		if a.skip != "" {
			it.Skip = a.skip
			continue
		}
		it.ID, it.Path = a.id, filepath.Join(opts.OutDir, a.id+".yaml")
		h, skip := readRow(cfg, cols, row, opts, t.Delimiter == ';')
		if skip != "" {
			it.Skip = skip
			continue
		}
		h.id = a.id
		if h.ownerNote != "" {
			it.Notes = append(it.Notes, h.ownerNote)
		}
		if a.note != "" {
			it.Notes = append(it.Notes, a.note)
		}
		it.Content = h.yaml(opts.Source, opts.Schema, filepath.Base(opts.File), row.Number)
		if _, problems := deal.Parse(it.Path, it.Content); len(problems) > 0 {
			it.Skip = "the deal file would not be valid: " + problems[0].Msg
			continue
		}
		if file, ok := opts.Existing[a.id]; ok {
			it.Skip = fmt.Sprintf("deal id %s already exists in %s", a.id, file)
			continue
		}
		if _, err := os.Lstat(it.Path); err == nil {
			it.Skip = it.Path + " already exists"
			continue
		}
	}
	return p, nil
}

type assigned struct {
	id, skip, note string
}

// assignIDs gives every row its id before any row is checked further, so
// that the ids of an export do not change when rows are fixed: a column's
// id as it is (a repeated one is a duplicate), or one made from the
// account and title, with -2, -3... for the second and third deal that
// make the same.
func assignIDs(t *Table, cols Columns) map[int]assigned {
	out := map[int]assigned{}
	explicit := map[string]int{}
	for _, row := range t.Rows {
		if id := cols.Cell(row, FieldID); id != "" {
			if _, seen := explicit[id]; !seen {
				explicit[id] = row.Number
			}
		}
	}
	used := map[string]bool{}
	for id := range explicit {
		used[id] = true
	}
	for _, row := range t.Rows {
		title := text.Squash(cols.Cell(row, FieldTitle))
		if title == "" {
			out[row.Number] = assigned{skip: "empty title"}
			continue
		}
		if id := cols.Cell(row, FieldID); id != "" {
			switch {
			case !deal.ValidID(id):
				out[row.Number] = assigned{skip: fmt.Sprintf("bad id %q: ids are at most 80 lower-case letters, digits, dots, underscores and hyphens, starting with a letter or digit", id)}
			case explicit[id] != row.Number:
				out[row.Number] = assigned{skip: fmt.Sprintf("duplicate id %s: row %d has it too", id, explicit[id])}
			default:
				out[row.Number] = assigned{id: id}
			}
			continue
		}
		account := text.Squash(cols.Cell(row, FieldAccount))
		base := deal.NewID(account, title)
		var note string
		if base == "" {
			base = "deal"
			note = "the title and account have no Latin letters to make an id from: rename the file and id if you like"
		}
		id := base
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		a := assigned{id: id, note: note}
		out[row.Number] = a
	}
	return out
}

// header is a deal's header as an import writes it.
type header struct {
	id, title, account                 string
	size, region, industry             string
	product, complexity                string
	sizeFlag, productFlag, complexFlag bool
	owner, ownerNote                   string
	stage, stageNote                   string
	amount                             *float64
	currency, closeDate                string
}

// readRow reads and checks one row's fields; skip says what is wrong.
func readRow(cfg *config.Config, cols Columns, row Row, opts Options, decimalComma bool) (h header, skip string) {
	cell := func(f Field) string { return cols.Cell(row, f) }
	h.title = text.Squash(cell(FieldTitle))
	h.account = text.Squash(cell(FieldAccount))
	if h.account == "" {
		return h, "empty account name"
	}
	crmStage := text.Squash(cell(FieldStage))
	status := strings.ToLower(cell(fieldStatus))
	switch {
	case status == "won" || status == "lost":
		id, ok := cfg.OutcomeStage(config.Outcome(status))
		if !ok {
			return h, fmt.Sprintf("the deal is %s, and no stage has the outcome %s: stages are %s", status, status, strings.Join(cfg.StageIDs(), ", "))
		}
		h.stage, h.stageNote = id, fmt.Sprintf("%s status %s", opts.Source.Name, status)
		if crmStage != "" {
			h.stageNote += fmt.Sprintf(", stage %q", crmStage)
		}
	case crmStage == "":
		return h, "empty stage"
	default:
		id, ok := cfg.StageNamed(crmStage)
		if !ok {
			return h, fmt.Sprintf("unknown stage %q: it maps to none of the stages %s; add it to crm_stages in %s", crmStage, strings.Join(cfg.StageIDs(), ", "), configName(cfg))
		}
		h.stage = id
		if config.FoldName(crmStage) != config.FoldName(id) {
			h.stageNote = fmt.Sprintf("%s stage %q", opts.Source.Name, crmStage)
		}
	}
	owner := text.Squash(cell(FieldOwner))
	if owner == "" {
		return h, "no owner"
	}
	id, inTeam := cfg.MemberNamed(owner)
	switch {
	case id == "":
		return h, fmt.Sprintf("owner %q is not in the team, and the name has no Latin letters to make an id from: add them to team in %s", owner, configName(cfg))
	case !inTeam && len(cfg.Team) > 0: // without a team, any owner goes
		h.ownerNote = fmt.Sprintf("owner %q is not in the team of %s: written as %s", owner, configName(cfg), id)
	}
	h.owner = id
	if s := cell(FieldCurrency); s != "" {
		code, ok := CurrencyCode(s)
		if !ok {
			return h, fmt.Sprintf("bad currency %q: write an ISO 4217 code such as USD, EUR or CNY", s)
		}
		h.currency = code
	}
	if s := cell(FieldAmount); s != "" {
		v, code, err := ParseAmount(s, decimalComma)
		if err != nil {
			return h, fmt.Sprintf("bad amount %q: %v", s, err)
		}
		if code != "" && h.currency != "" && code != h.currency {
			return h, fmt.Sprintf("bad amount %q: it is in %s, the currency column says %s", s, code, h.currency)
		}
		if h.currency == "" {
			h.currency = code
		}
		h.amount = &v
	} else {
		h.currency = "" // a currency without an amount says nothing
	}
	if s := cell(FieldCloseDate); s != "" {
		d, err := ParseDate(s, opts.DateOrder)
		if err != nil {
			return h, fmt.Sprintf("bad date %q: %v", s, err)
		}
		h.closeDate = d
	}
	h.size, h.sizeFlag = strings.ToLower(cell(FieldSize)), false
	if h.size == "" {
		h.size, h.sizeFlag = opts.Size, true
	}
	if _, err := deal.ParseChoice(h.size, deal.Sizes); err != nil {
		return h, "bad size " + err.Error()
	}
	h.complexity, h.complexFlag = strings.ToLower(cell(FieldComplexity)), false
	if h.complexity == "" {
		h.complexity, h.complexFlag = opts.Complexity, true
	}
	if _, err := deal.ParseChoice(h.complexity, deal.Complexities); err != nil {
		return h, "bad complexity " + err.Error()
	}
	h.product, h.productFlag = text.Squash(cell(FieldProduct)), false
	if h.product == "" {
		h.product, h.productFlag = opts.Product, true
	}
	if h.product == "" {
		return h, "no product: fill the product column or give --product"
	}
	h.region = text.Squash(cell(FieldRegion))
	h.industry = text.Squash(cell(FieldIndustry))
	return h, ""
}

func configName(cfg *config.Config) string {
	if cfg.File != "" {
		return cfg.File
	}
	return config.FileName
}

// oneLine joins a cell's lines and runs of spaces: header fields are one
// line.

// yaml writes the deal file, with comments on what the rep must check.
func (h header) yaml(src Source, schemaRef, file string, row int) []byte {
	var b strings.Builder
	line := func(indent, key, value, comment string) {
		b.WriteString(indent + key + ": " + value)
		if comment != "" {
			b.WriteString(" # " + comment)
		}
		b.WriteByte('\n')
	}
	check := func(set bool, flag string) string {
		if set {
			return "not in the " + src.Name + " export: set by deals import " + flag + "; check it"
		}
		return ""
	}
	fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", schemaRef)
	fmt.Fprintf(&b, "# Imported by deals import from the %s export %s, row %d.\n", src.Name, text.Squash(file), row)
	line("", "id", source.YAMLText(h.id), "")
	line("", "title", source.YAMLText(h.title), "")
	b.WriteString("account:\n")
	line("  ", "name", source.YAMLText(h.account), "")
	line("  ", "size", h.size, check(h.sizeFlag, "--size"))
	if h.region != "" {
		line("  ", "region", source.YAMLText(h.region), "")
	}
	if h.industry != "" {
		line("  ", "industry", source.YAMLText(h.industry), "")
	}
	b.WriteString("product:\n")
	line("  ", "name", source.YAMLText(h.product), check(h.productFlag, "--product"))
	line("  ", "complexity", h.complexity, check(h.complexFlag, "--complexity"))
	ownerNote := ""
	if h.ownerNote != "" {
		ownerNote = "not in the team: add them to the configuration, or correct this"
	}
	line("", "owner", source.YAMLText(h.owner), ownerNote)
	line("", "stage", source.YAMLText(h.stage), h.stageNote)
	if h.amount != nil {
		b.WriteString("amount:\n")
		line("  ", "value", FormatAmount(*h.amount), "")
		if h.currency != "" {
			line("  ", "currency", h.currency, "")
		}
	}
	if h.closeDate != "" {
		line("", "close_date", h.closeDate, "")
	}
	return []byte(b.String())
}

// Write writes the plan's deal files. Each is written to a temporary file
// and linked into place, which fails rather than replace a file that
// appeared meanwhile; that row is then skipped. progress, when not nil,
// is told how many rows of how many are done.
func (p *Plan) Write(progress func(done, total int)) {
	for i, it := range p.Items {
		if progress != nil {
			progress(i+1, len(p.Items))
		}
		if it.Skip != "" {
			continue
		}
		err := safefile.Create(it.Path, it.Content, 0o644)
		switch {
		case errors.Is(err, fs.ErrExist):
			it.Skip = it.Path + " already exists"
		case err != nil:
			it.Err = err
		}
	}
}
