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
	"github.com/dealsascode/deals/internal/i18n"
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
	// Lang is the language of the comments the deal files hold for the
	// rep; the zero Lang is English.
	Lang i18n.Lang
}

// Item is what becomes of one row.
type Item struct {
	Row int
	// ID and Path are the deal's id and file; empty when the row was
	// skipped before they were known.
	ID, Path string
	Content  []byte
	// Skip says why the row is not imported, in the interface catalog's
	// words (i18n.Text); nil when it is imported.
	Skip error
	// Notes are what the rep should check in an imported deal.
	Notes []i18n.Msg
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
		if it.Skip == nil && it.Err == nil {
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
	words := i18n.UI().Printer(opts.Lang)
	if opts.Lang == "" {
		words = i18n.UI().Printer(i18n.English)
	}
	ids := assignIDs(t, cols)
	for _, row := range t.Rows {
		it := &Item{Row: row.Number}
		p.Items = append(p.Items, it)
		a := ids[row.Number]
		if a.skip != nil {
			it.Skip = a.skip
			continue
		}
		it.ID, it.Path = a.id, filepath.Join(opts.OutDir, a.id+".yaml")
		h, skip := readRow(cfg, cols, row, opts, t.Delimiter == ';')
		if skip != nil {
			it.Skip = skip
			continue
		}
		h.id = a.id
		if h.ownerNote.Key != "" {
			it.Notes = append(it.Notes, h.ownerNote)
		}
		if a.note.Key != "" {
			it.Notes = append(it.Notes, a.note)
		}
		it.Content = h.yaml(words, opts.Source, opts.Schema, filepath.Base(opts.File), row.Number)
		if _, problems := deal.Parse(it.Path, it.Content); len(problems) > 0 {
			it.Skip = i18n.Errorf("import.skip.invalid", "problem", problemText(problems[0]))
			continue
		}
		if file, ok := opts.Existing[a.id]; ok {
			it.Skip = i18n.Errorf("import.skip.idExists", "id", a.id, "file", file)
			continue
		}
		if _, err := os.Lstat(it.Path); err == nil {
			it.Skip = i18n.Errorf("import.skip.fileExists", "path", it.Path)
			continue
		}
	}
	return p, nil
}

type assigned struct {
	id   string
	skip error
	note i18n.Msg
}

// problemText is a problem's message without its position, in the
// catalog's words when it has them.
func problemText(e *source.Error) any {
	if e.Key != "" {
		return i18n.M(e.Key, e.Args...)
	}
	return e.Msg
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
			out[row.Number] = assigned{skip: i18n.Errorf("import.skip.emptyTitle")}
			continue
		}
		if id := cols.Cell(row, FieldID); id != "" {
			switch {
			case !deal.ValidID(id):
				out[row.Number] = assigned{skip: i18n.Errorf("import.skip.badID", "id", id)}
			case explicit[id] != row.Number:
				out[row.Number] = assigned{skip: i18n.Errorf("import.skip.duplicateID", "id", id, "row", explicit[id])}
			default:
				out[row.Number] = assigned{id: id}
			}
			continue
		}
		account := text.Squash(cols.Cell(row, FieldAccount))
		base := deal.NewID(account, title)
		var note i18n.Msg
		if base == "" {
			base = "deal"
			note = i18n.M("import.note.noLatinID")
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
	owner                              string
	ownerNote                          i18n.Msg // for the report; the file says it shorter
	stage                              string
	stageNote                          i18n.Msg // the CRM's stage, when the deal's is another
	amount                             *float64
	currency, closeDate                string
}

// readRow reads and checks one row's fields; skip says what is wrong.
func readRow(cfg *config.Config, cols Columns, row Row, opts Options, decimalComma bool) (h header, skip error) {
	cell := func(f Field) string { return cols.Cell(row, f) }
	h.title = text.Squash(cell(FieldTitle))
	h.account = text.Squash(cell(FieldAccount))
	if h.account == "" {
		return h, i18n.Errorf("import.skip.emptyAccount")
	}
	crmStage := text.Squash(cell(FieldStage))
	status := strings.ToLower(cell(fieldStatus))
	switch {
	case status == "won" || status == "lost":
		id, ok := cfg.OutcomeStage(config.Outcome(status))
		if !ok {
			return h, i18n.Errorf("import.skip.noStageFor", "outcome", i18n.M("import.status."+status), "status", status, "stages", cfg.StageIDs())
		}
		h.stage, h.stageNote = id, i18n.M("import.file.status", "source", opts.Source.Name, "status", status)
		if crmStage != "" {
			h.stageNote = i18n.M("import.file.statusStage", "source", opts.Source.Name, "status", status, "stage", crmStage)
		}
	case crmStage == "":
		return h, i18n.Errorf("import.skip.emptyStage")
	default:
		id, ok := cfg.StageNamed(crmStage)
		if !ok {
			return h, i18n.Errorf("import.skip.unknownStage", "stage", crmStage, "stages", cfg.StageIDs(), "config", configName(cfg))
		}
		h.stage = id
		if config.FoldName(crmStage) != config.FoldName(id) {
			h.stageNote = i18n.M("import.file.stage", "source", opts.Source.Name, "stage", crmStage)
		}
	}
	owner := text.Squash(cell(FieldOwner))
	if owner == "" {
		return h, i18n.Errorf("import.skip.noOwner")
	}
	id, inTeam := cfg.MemberNamed(owner)
	switch {
	case id == "":
		return h, i18n.Errorf("import.skip.ownerNoID", "owner", owner, "config", configName(cfg))
	case !inTeam && len(cfg.Team) > 0: // without a team, any owner goes
		h.ownerNote = i18n.M("import.note.notInTeam", "owner", owner, "config", configName(cfg), "id", id)
	}
	h.owner = id
	if s := cell(FieldCurrency); s != "" {
		code, ok := CurrencyCode(s)
		if !ok {
			return h, i18n.Errorf("import.skip.badCurrency", "value", s)
		}
		h.currency = code
	}
	if s := cell(FieldAmount); s != "" {
		v, code, err := ParseAmount(s, decimalComma)
		if err != nil {
			return h, i18n.Wrap(err, "import.skip.badAmount", "value", s, "why", err)
		}
		if code != "" && h.currency != "" && code != h.currency {
			return h, i18n.Errorf("import.skip.otherCurrency", "value", s, "code", code, "currency", h.currency)
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
			return h, i18n.Wrap(err, "import.skip.badDate", "value", s, "why", err)
		}
		h.closeDate = d
	}
	h.size, h.sizeFlag = strings.ToLower(cell(FieldSize)), false
	if h.size == "" {
		h.size, h.sizeFlag = opts.Size, true
	}
	if _, err := deal.ParseChoice(h.size, deal.Sizes); err != nil {
		return h, i18n.Wrap(err, "import.skip.badSize", "error", err)
	}
	h.complexity, h.complexFlag = strings.ToLower(cell(FieldComplexity)), false
	if h.complexity == "" {
		h.complexity, h.complexFlag = opts.Complexity, true
	}
	if _, err := deal.ParseChoice(h.complexity, deal.Complexities); err != nil {
		return h, i18n.Wrap(err, "import.skip.badComplexity", "error", err)
	}
	h.product, h.productFlag = text.Squash(cell(FieldProduct)), false
	if h.product == "" {
		h.product, h.productFlag = opts.Product, true
	}
	if h.product == "" {
		return h, i18n.Errorf("import.skip.noProduct")
	}
	h.region = text.Squash(cell(FieldRegion))
	h.industry = text.Squash(cell(FieldIndustry))
	return h, nil
}

func configName(cfg *config.Config) string {
	if cfg.File != "" {
		return cfg.File
	}
	return config.FileName
}

// yaml writes the deal file, with comments on what the rep must check in
// p's language.
func (h header) yaml(p i18n.Printer, src Source, schemaRef, file string, row int) []byte {
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
			return p.T("import.file.check", "source", src.Name, "flag", flag)
		}
		return ""
	}
	fmt.Fprintf(&b, "# yaml-language-server: $schema=%s\n", schemaRef)
	b.WriteString("# " + p.T("import.file.imported", "source", src.Name, "file", text.Squash(file), "row", row) + "\n")
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
	ownerNote, stageNote := "", ""
	if h.ownerNote.Key != "" {
		ownerNote = p.T("import.file.notInTeam")
	}
	if h.stageNote.Key != "" {
		stageNote = h.stageNote.In(p)
	}
	line("", "owner", source.YAMLText(h.owner), ownerNote)
	line("", "stage", source.YAMLText(h.stage), stageNote)
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
		if it.Skip != nil {
			continue
		}
		err := safefile.Create(it.Path, it.Content, 0o644)
		switch {
		case errors.Is(err, fs.ErrExist):
			it.Skip = i18n.Wrap(err, "import.skip.fileExists", "path", it.Path)
		case err != nil:
			it.Err = err
		}
	}
}
