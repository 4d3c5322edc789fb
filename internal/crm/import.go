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
	// Currency is the currency of the rows without a currency column or
	// with it empty (--currency); "" for none.
	Currency  string
	DateOrder DateOrder
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
	// words (i18n.Text); nil when it is imported. When the row itself is
	// wrong, Problems are every problem of it, positioned at its row and
	// column, and Skip joins them.
	Skip     error
	Problems []*source.Error
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
	// Footer are the rows of a report's footer, which are not deals.
	Footer []Row
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
// are checked when it loads); everything wrong with a row skips that row,
// with every problem it has.
func Prepare(cfg *config.Config, t *Table, opts Options) (*Plan, error) {
	cols, err := FindColumns(opts.File, opts.Source, t.Header, opts.Map, opts.Product == "")
	if err != nil {
		return nil, err
	}
	p := &Plan{Source: opts.Source, Columns: cols, Footer: t.Footer}
	words := i18n.UI().Printer(opts.Lang)
	if opts.Lang == "" {
		words = i18n.UI().Printer(i18n.English)
	}
	var dates ColumnDates
	for _, row := range t.Rows {
		dates.Add(row.Number, cols.Cell(row, FieldCloseDate))
	}
	rr := rowReader{cfg: cfg, cols: cols, opts: opts, header: t.Header, decimalComma: t.Delimiter == ';', dates: dates}
	ids := assignIDs(t, cols, opts.Source)
	for _, row := range t.Rows {
		it := &Item{Row: row.Number}
		p.Items = append(p.Items, it)
		a := ids[row.Number]
		h, problems := rr.read(row)
		problems = append(a.problems(rr, row), problems...)
		if len(problems) > 0 {
			it.Problems, it.Skip = problems, source.Join(problems)
			continue
		}
		it.ID, it.Path = a.id, filepath.Join(opts.OutDir, a.id+".yaml")
		h.id = a.id
		if h.ownerNote.Key != "" {
			it.Notes = append(it.Notes, h.ownerNote)
		}
		it.Notes = append(it.Notes, a.notes...)
		it.Notes = append(it.Notes, h.notes...)
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

// assigned is the id of a row, or why it has none.
type assigned struct {
	id string
	// skip is the problem of the row's id, in field's column.
	skip  *i18n.Error
	field Field
	notes []i18n.Msg
}

func (a assigned) problems(rr rowReader, row Row) []*source.Error {
	if a.skip == nil {
		return nil
	}
	return []*source.Error{rr.problem(row, a.field, a.skip)}
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
// account and title (from the account and the CRM's record id when the
// title has no Latin letters, from the record id and the title when the
// account has none), with -2, -3... for the second and third
// deal that make the same. A row with the record id of an earlier row, or
// without a record id and with the account and title of an earlier row,
// is a duplicate: it is skipped, and both rows say so.
func assignIDs(t *Table, cols Columns, src Source) map[int]assigned {
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
	records, names := map[string]int{}, map[string]int{}
	// twin notes on a first row that a later row is the same deal.
	twin := func(first, row int) {
		a := out[first]
		a.notes = append(a.notes, i18n.M("import.note.duplicate", "row", row))
		out[first] = a
	}
	for _, row := range t.Rows {
		title := text.Squash(cols.Cell(row, FieldTitle))
		if title == "" {
			out[row.Number] = assigned{skip: i18n.Errorf("import.skip.emptyTitle"), field: FieldTitle}
			continue
		}
		account := text.Squash(cols.Cell(row, FieldAccount))
		record := text.Squash(cols.Cell(row, FieldRecordID))
		if record != "" {
			if first, dup := records[record]; dup {
				out[row.Number] = assigned{skip: i18n.Errorf("import.skip.duplicateRecord", "source", src.Name, "id", record, "row", first), field: FieldRecordID}
				twin(first, row.Number)
				continue
			}
			records[record] = row.Number
		} else if cols.Cell(row, FieldID) == "" {
			key := strings.ToLower(account) + "\x00" + strings.ToLower(title)
			if first, dup := names[key]; dup {
				out[row.Number] = assigned{skip: i18n.Errorf("import.skip.duplicate", "row", first), field: FieldTitle}
				twin(first, row.Number)
				continue
			}
			names[key] = row.Number
		}
		if id := cols.Cell(row, FieldID); id != "" {
			switch {
			case !deal.ValidID(id):
				out[row.Number] = assigned{skip: i18n.Errorf("import.skip.badID", "id", id), field: FieldID}
			case explicit[id] != row.Number:
				out[row.Number] = assigned{skip: i18n.Errorf("import.skip.duplicateID", "id", id, "row", explicit[id]), field: FieldID}
				twin(explicit[id], row.Number)
			default:
				out[row.Number] = assigned{id: id}
			}
			continue
		}
		var a assigned
		base := deal.NewID(account, title)
		switch {
		case record != "" && deal.NewID("", title) == "":
			base = deal.NewID(account, src.ID+" "+record)
		case record != "" && deal.NewID(account, "") == "":
			// An account without Latin letters leaves only a word or two
			// of the title ("MES" of "MES 升级"): the record id tells
			// the deal apart.
			base = deal.NewID(src.ID+" "+record, title)
		}
		if base == "" {
			base = "deal"
			a.notes = append(a.notes, i18n.M("import.note.noLatinID"))
		}
		id := base
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		a.id = id
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
	probability                        string   // the CRM's, for the stage's comment
	amount                             *float64
	currency, closeDate                string
	forecast                           deal.Call
	crmID, nextStep, reason            string
	notes                              []i18n.Msg
}

// rowReader reads rows of one export.
type rowReader struct {
	cfg          *config.Config
	cols         Columns
	opts         Options
	header       []string
	decimalComma bool
	dates        ColumnDates
}

// problem is what is wrong with a row, at the column of field f when it
// has one.
func (r rowReader) problem(row Row, f Field, err *i18n.Error) *source.Error {
	p := source.Problem(r.opts.File, source.Pos{Line: row.Number}, err, err.Msg.Key, err.Msg.Args...)
	if i, ok := r.cols[f]; ok {
		p.Col = i + 1
		if i < len(r.header) {
			p.Field = r.header[i]
		}
	}
	return p
}

// read reads and checks one row's fields, and says every problem it has.
func (r rowReader) read(row Row) (h header, problems []*source.Error) {
	cfg, opts := r.cfg, r.opts
	cell := func(f Field) string { return r.cols.Cell(row, f) }
	bad := func(f Field, err *i18n.Error) { problems = append(problems, r.problem(row, f, err)) }
	h.title = text.Squash(cell(FieldTitle))
	h.account = text.Squash(cell(FieldAccount))
	if h.account == "" {
		bad(FieldAccount, i18n.Errorf("import.skip.emptyAccount"))
	}
	crmStage := text.Squash(cell(FieldStage))
	status := strings.ToLower(cell(fieldStatus))
	switch {
	case status == "won" || status == "lost":
		id, ok := cfg.OutcomeStage(config.Outcome(status))
		if !ok {
			bad(fieldStatus, i18n.Errorf("import.skip.noStageFor", "outcome", i18n.M("import.status."+status), "status", status, "stages", cfg.StageIDs()))
			break
		}
		h.stage, h.stageNote = id, i18n.M("import.file.status", "source", opts.Source.Name, "status", status)
		if crmStage != "" {
			h.stageNote = i18n.M("import.file.statusStage", "source", opts.Source.Name, "status", status, "stage", crmStage)
		}
	case crmStage == "":
		bad(FieldStage, i18n.Errorf("import.skip.emptyStage"))
	default:
		id, ok := cfg.StageNamed(crmStage)
		if !ok {
			bad(FieldStage, i18n.Errorf("import.skip.unknownStage", "stage", crmStage, "stages", cfg.StageIDs(), "config", configName(cfg)))
			break
		}
		h.stage = id
		if config.FoldName(crmStage) != config.FoldName(id) {
			h.stageNote = i18n.M("import.file.stage", "source", opts.Source.Name, "stage", crmStage)
		}
	}
	owner := text.Squash(cell(FieldOwner))
	id, inTeam := cfg.MemberNamed(owner)
	switch {
	case owner == "":
		bad(FieldOwner, i18n.Errorf("import.skip.noOwner"))
	case id == "":
		bad(FieldOwner, i18n.Errorf("import.skip.ownerNoID", "owner", owner, "config", configName(cfg)))
	case !inTeam && len(cfg.Team) > 0: // without a team, any owner goes
		h.ownerNote = i18n.M("import.note.notInTeam", "owner", owner, "config", configName(cfg), "id", id)
	}
	h.owner = id
	problems = append(problems, r.amount(row, &h)...)
	if s := cell(FieldCloseDate); s != "" {
		d, err := ParseDate(s, opts.DateOrder, r.dates)
		if err != nil {
			bad(FieldCloseDate, i18n.Wrap(err, "import.skip.badDate", "value", s, "why", err))
		}
		h.closeDate = d
	}
	h.size, h.sizeFlag = strings.ToLower(cell(FieldSize)), false
	if h.size == "" {
		h.size, h.sizeFlag = opts.Size, true
	}
	if _, err := deal.ParseChoice(h.size, deal.Sizes); err != nil {
		bad(FieldSize, i18n.Wrap(err, "import.skip.badSize", "error", err))
	}
	h.complexity, h.complexFlag = strings.ToLower(cell(FieldComplexity)), false
	if h.complexity == "" {
		h.complexity, h.complexFlag = opts.Complexity, true
	}
	if _, err := deal.ParseChoice(h.complexity, deal.Complexities); err != nil {
		bad(FieldComplexity, i18n.Wrap(err, "import.skip.badComplexity", "error", err))
	}
	h.product, h.productFlag = text.Squash(cell(FieldProduct)), false
	if h.product == "" {
		h.product, h.productFlag = opts.Product, true
	}
	if h.product == "" {
		bad(FieldProduct, i18n.Errorf("import.skip.noProduct"))
	}
	h.region = text.Squash(cell(FieldRegion))
	h.industry = text.Squash(cell(FieldIndustry))
	problems = append(problems, r.crmFields(row, &h)...)
	return h, problems
}

// amount reads the amount and its currency: from the amount itself
// (US$, €, EUR), the currency column, or --currency. An amount written
// with a sign several currencies use ($, ¥) needs the currency named.
func (r rowReader) amount(row Row, h *header) (problems []*source.Error) {
	bad := func(f Field, err *i18n.Error) { problems = append(problems, r.problem(row, f, err)) }
	named, column := "", false
	if s := r.cols.Cell(row, FieldCurrency); s != "" {
		code, ok := CurrencyCode(s)
		if !ok {
			bad(FieldCurrency, i18n.Errorf("import.skip.badCurrency", "value", s))
			return problems
		}
		named, column = code, true
	} else if r.opts.Currency != "" {
		named = r.opts.Currency
	}
	s := r.cols.Cell(row, FieldAmount)
	if s == "" {
		return nil // a currency without an amount says nothing
	}
	a, err := ParseAmount(s, r.decimalComma)
	switch {
	case err != nil:
		bad(FieldAmount, i18n.Wrap(err, "import.skip.badAmount", "value", s, "why", err))
		return problems
	case a.Currency != "" && named != "" && a.Currency != named && column:
		bad(FieldAmount, i18n.Errorf("import.skip.otherCurrency", "value", s, "code", a.Currency, "currency", named))
	case a.Currency != "" && named != "" && a.Currency != named:
		bad(FieldAmount, i18n.Errorf("import.skip.otherFlagCurrency", "value", s, "code", a.Currency, "currency", named))
	case a.Sign != "" && named == "":
		bad(FieldAmount, i18n.Errorf("import.skip.ambiguousSign", "value", s, "sign", a.Sign, "codes", SignCodes(a.Sign)))
	case a.Sign != "" && !SignFits(a.Sign, named):
		bad(FieldAmount, i18n.Errorf("import.skip.signNotCurrency", "value", s, "sign", a.Sign, "currency", named))
	}
	h.currency = a.Currency
	if h.currency == "" {
		h.currency = named
	}
	h.amount = &a.Value
	return problems
}

// crmFields reads what the CRM knows beyond the header: its record id,
// probability, forecast category, next step, and the reason a closed deal
// was won or lost.
func (r rowReader) crmFields(row Row, h *header) (problems []*source.Error) {
	cell := func(f Field) string { return text.Squash(r.cols.Cell(row, f)) }
	bad := func(f Field, err *i18n.Error) { problems = append(problems, r.problem(row, f, err)) }
	if id := cell(FieldRecordID); id != "" {
		if len(id) > 80 {
			bad(FieldRecordID, i18n.Errorf("import.skip.badRecordID", "id", id))
		}
		h.crmID = id
	}
	if s := cell(FieldProbability); s != "" {
		v, err := ParseProbability(s)
		if err != nil {
			bad(FieldProbability, i18n.Wrap(err, "import.skip.badProbability", "value", s, "why", err))
		}
		h.probability = FormatAmount(v)
	}
	if s := cell(FieldForecast); s != "" {
		call, ok := ParseForecast(s)
		if !ok {
			bad(FieldForecast, i18n.Errorf("import.skip.badForecast", "value", s, "values", forecastNames()))
		}
		h.forecast = call
	}
	h.nextStep = cell(FieldNextStep)
	won, lost := cell(FieldWonReason), cell(FieldLostReason)
	stage, _ := r.cfg.Stage(h.stage)
	switch stage.Outcome {
	case config.Won:
		h.reason = won
	case config.Lost:
		h.reason = lost
	}
	if stage.Outcome != "" {
		h.forecast = "" // the stage says where a closed deal counts
	}
	if h.reason == "" && (won != "" || lost != "") && h.stage != "" {
		reason := won
		if reason == "" {
			reason = lost
		}
		h.notes = append(h.notes, i18n.M("import.note.reasonNotClosed", "reason", reason, "stage", h.stage))
	}
	return problems
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
	switch {
	case h.probability != "" && stageNote == "":
		stageNote = p.T("import.file.probability", "source", src.Name, "value", h.probability)
	case h.probability != "":
		stageNote = p.T("import.file.stageProbability", "stage", stageNote, "value", h.probability)
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
	if h.forecast != "" {
		line("", "forecast", string(h.forecast), p.T("import.file.forecast", "source", src.Name))
	}
	if h.crmID != "" {
		line("", "crm_id", source.YAMLText(h.crmID), "")
	}
	if h.nextStep != "" || h.reason != "" {
		b.WriteString("close:\n")
	}
	if h.nextStep != "" {
		b.WriteString("  next_step:\n")
		line("    ", "action", source.YAMLText(h.nextStep), "")
	}
	if h.reason != "" {
		b.WriteString("  outcome:\n")
		line("    ", "reason", source.YAMLText(h.reason), "")
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
