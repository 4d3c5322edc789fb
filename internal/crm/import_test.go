package crm

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealsascode/deals/internal/config"
	"github.com/dealsascode/deals/internal/deal"
	"github.com/dealsascode/deals/internal/i18n"
	"github.com/dealsascode/deals/internal/source"
)

const teamConfig = `team:
  - {id: lena-fischer, name: Lena Fischer}
  - {id: wang-hao, name: 王浩 (Wang Hao)}
currency:
  base: USD
  rates: {EUR: 1.08}
`

var english = i18n.UI().Printer(i18n.English)

// skipText is why a row is skipped, in English: every problem of the row
// without its position, or why else; "" when it is imported.
func skipText(it *Item) string { return skipIn(it, english) }

func skipIn(it *Item, p i18n.Printer) string {
	if it.Skip == nil {
		return ""
	}
	if len(it.Problems) == 0 {
		return i18n.Text(it.Skip, p)
	}
	texts := make([]string, len(it.Problems))
	for i, pr := range it.Problems {
		texts[i] = pr.Text(p)
	}
	return strings.Join(texts, "; ")
}

func prepare(t *testing.T, cfg *config.Config, source, csvText string, opts Options) *Plan {
	t.Helper()
	table, err := ReadTable([]byte(csvText), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	src, ok := LookupSource(source)
	if !ok {
		t.Fatalf("no source %s", source)
	}
	opts.Source = src
	if opts.Schema == "" {
		opts.Schema = "../.deals/deal.schema.json"
	}
	if opts.File == "" {
		opts.File = "exports/opportunities.csv"
	}
	if opts.Size == "" {
		opts.Size, opts.Complexity = "medium", "simple"
	}
	if opts.OutDir == "" {
		opts.OutDir = t.TempDir()
	}
	p, err := Prepare(cfg, table, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPrepareRows(t *testing.T) {
	cfg := parseConfig(t, teamConfig)
	csvText := `Opportunity Name,Account Name,Amount,Opportunity Currency,Stage,Close Date,Opportunity Owner
ERP rollout,ACME Manufacturing,"1,200,000.00",EUR,Proposal/Price Quote,3/31/2027,Lena Fischer
Fleet,Globex,US$ 1200,,Needs Analysis,2027-04-15,Jane Roe
,Initech,100,USD,Prospecting,2027-01-01,Lena Fischer
Bad amount,Initech,1.200,USD,Prospecting,2027-01-01,Lena Fischer
Bad date,Initech,100,USD,Prospecting,31.03.2027,Lena Fischer
Odd stage,Initech,100,USD,Discovery,2027-01-01,Lena Fischer
No account,,100,USD,Prospecting,2027-01-01,Lena Fischer
No owner,Initech,100,USD,Prospecting,2027-01-01,
Chinese owner,Initech,100,USD,Prospecting,2027-01-01,赵敏
Bad currency,Initech,100,Dollars,Prospecting,2027-01-01,Lena Fischer
Two currencies,Initech,€100,USD,Prospecting,2027-01-01,Lena Fischer
No amount,Initech,,USD,Closed Won,,王浩
Dollars,Initech,"$1,200,000.00",,Prospecting,2027-01-01,Lena Fischer
,,1.200,USD,Discovery,31.31.2027,
`
	p := prepare(t, cfg, "salesforce", csvText, Options{Product: "Plant Suite"})
	want := map[int]string{
		2:  "",
		3:  "",
		4:  "empty title",
		5:  `bad amount "1.200": it could be 1.2 or 1200`,
		6:  "",
		7:  `unknown stage "Discovery": it maps to none of the stages prospect, qualify, develop, propose, negotiate, won, lost; add it to crm_stages in deals.config.yaml`,
		8:  "empty account name",
		9:  "no owner",
		10: `owner "赵敏" is not in the team, and the name has no Latin letters to make an id from`,
		11: `bad currency "Dollars"`,
		12: `bad amount "€100": it is in EUR, the currency column says USD`,
		13: "",
		// $ without a currency is not taken for the base currency.
		14: `bad amount "$1,200,000.00": $ is the sign of several currencies (USD, CAD, AUD, NZD, SGD, HKD, TWD, MXN, ARS, CLP or COP); name the currency in a currency column, with --currency, or in the amount (USD 1,200)`,
		// Every problem of a row.
		15: `empty title; empty account name; unknown stage "Discovery": it maps to none of the stages prospect, qualify, develop, propose, negotiate, won, lost; add it to crm_stages in deals.config.yaml; no owner; bad amount "1.200": it could be 1.2 or 1200; write it without thousands separators; bad date "31.31.2027": there is no month 31 (dotted dates read day first; for month-first dates use --date-order mdy)`,
	}
	if len(p.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(p.Items), len(want))
	}
	for _, it := range p.Items {
		w := want[it.Row]
		if got := skipText(it); w == "" && got != "" || w != "" && !strings.HasPrefix(got, w) {
			t.Errorf("row %d: skip %q, want %q", it.Row, got, w)
		}
	}
	if p.Imported() != 4 || p.Skipped() != 10 {
		t.Errorf("imported %d, skipped %d", p.Imported(), p.Skipped())
	}
	if n := p.Items[1].Notes; len(n) != 1 || !strings.Contains(n[0].In(english), `owner "Jane Roe" is not in the team of deals.config.yaml: written as jane-roe`) {
		t.Errorf("row 3 notes: %q", n)
	}

	wantFile := `# yaml-language-server: $schema=../.deals/deal.schema.json
# Imported by deals import from the Salesforce export opportunities.csv, row 2.
id: acme-manufacturing-erp-rollout
title: ERP rollout
account:
  name: ACME Manufacturing
  size: medium # not in the Salesforce export: set by deals import --size; check it
product:
  name: Plant Suite # not in the Salesforce export: set by deals import --product; check it
  complexity: simple # not in the Salesforce export: set by deals import --complexity; check it
owner: lena-fischer
stage: propose # Salesforce stage "Proposal/Price Quote"
amount:
  value: 1200000
  currency: EUR
close_date: 2027-03-31
`
	if got := string(p.Items[0].Content); got != wantFile {
		t.Errorf("row 2 file:\n%s\nwant:\n%s", got, wantFile)
	}
	for _, want := range []string{"owner: jane-roe # not in the team", "stage: develop # Salesforce stage \"Needs Analysis\"", "value: 1200\n"} {
		if !strings.Contains(string(p.Items[1].Content), want) {
			t.Errorf("row 3 file lacks %q:\n%s", want, p.Items[1].Content)
		}
	}
	if !strings.Contains(string(p.Items[4].Content), "\nclose_date: 2027-03-31\n") {
		t.Errorf("row 6 file:\n%s", p.Items[4].Content)
	}
	// Each problem is positioned at its row and column.
	var cols []string
	for _, pr := range p.Items[13].Problems {
		cols = append(cols, fmt.Sprintf("%d:%d %s", pr.Line, pr.Col, pr.Field))
	}
	if got := strings.Join(cols, ", "); got != "15:1 Opportunity Name, 15:2 Account Name, 15:5 Stage, 15:7 Opportunity Owner, 15:3 Amount, 15:6 Close Date" {
		t.Errorf("row 15 problems at %s", got)
	}
	var se *source.Error
	if !errors.As(p.Items[13].Skip, &se) || se.File != "exports/opportunities.csv" || se.Line != 15 {
		t.Errorf("row 15: %v is not a positioned problem", p.Items[13].Skip)
	}
	last := string(p.Items[11].Content)
	if strings.Contains(last, "\namount:") || strings.Contains(last, "\nclose_date:") || !strings.Contains(last, "owner: wang-hao\nstage: won # Salesforce stage \"Closed Won\"\n") {
		t.Errorf("row 13 file:\n%s", last)
	}
}

func TestPrepareFilesAreValidDeals(t *testing.T) {
	cfg := parseConfig(t, teamConfig)
	csvText := `Deal Name,Associated Company,Amount,Currency,Deal Stage,Close Date,Deal owner,Industry
"Title: with # and ""quotes""",'Quoted' Inc,100,usd,closedwon,2027-01-01,lena-fischer,"retail, food"
yes,no,0,EUR,appointmentscheduled,2027/1/2,Wang Hao,
1200,null,1,EUR,contractsent,,Lena Fischer,
- dash,[bracket],2,EUR,contractsent,,Lena Fischer,
`
	p := prepare(t, cfg, "hubspot", csvText, Options{Product: "@Suite: {x}", Size: "large", Complexity: "complex"})
	for _, it := range p.Items {
		if it.Skip != nil {
			t.Errorf("row %d skipped: %s", it.Row, it.Skip)
			continue
		}
		d, problems := deal.Parse(it.Path, it.Content)
		if len(problems) > 0 {
			t.Errorf("row %d: %v\n%s", it.Row, problems, it.Content)
			continue
		}
		if d.Product.Name.Value != "@Suite: {x}" || d.Account.Size.Value != "large" || d.Product.Complexity.Value != "complex" {
			t.Errorf("row %d: product %q size %q complexity %q", it.Row, d.Product.Name.Value, d.Account.Size.Value, d.Product.Complexity.Value)
		}
	}
	d, _ := deal.Parse("x", p.Items[0].Content)
	if d.Title.Value != `Title: with # and "quotes"` || d.Account.Name.Value != "'Quoted' Inc" || d.Account.Industry.Value != "retail, food" || d.Amount.Currency.Value != "USD" {
		t.Errorf("row 2 read back: %q %q %q %q", d.Title.Value, d.Account.Name.Value, d.Account.Industry.Value, d.Amount.Currency.Value)
	}
	d, _ = deal.Parse("x", p.Items[2].Content)
	if d.Title.Value != "1200" || d.Account.Name.Value != "null" {
		t.Errorf("row 4 read back: %q %q", d.Title.Value, d.Account.Name.Value)
	}
}

func TestPrepareColumnsOverFlags(t *testing.T) {
	cfg := config.Default()
	csvText := `title,account,stage,owner,size,complexity,product,region,industry
A,B,qualify,x,Large,Complex,Vision,EMEA,retail
C,D,qualify,x,,,,,
E,F,qualify,x,huge,,,,
G,H,qualify,x,,hard,,,
`
	p := prepare(t, cfg, "csv", csvText, Options{Product: "Default product"})
	first := string(p.Items[0].Content)
	for _, want := range []string{"  size: large\n", "  region: EMEA\n", "  industry: retail\n", "  name: Vision\n", "  complexity: complex\n"} {
		if !strings.Contains(first, want) {
			t.Errorf("row 2 lacks %q:\n%s", want, first)
		}
	}
	if !strings.Contains(string(p.Items[1].Content), "name: Default product # not in the CSV export") {
		t.Errorf("row 3:\n%s", p.Items[1].Content)
	}
	if !strings.HasPrefix(skipText(p.Items[2]), `bad size "huge"`) || !strings.HasPrefix(skipText(p.Items[3]), `bad complexity "hard"`) {
		t.Errorf("rows 4, 5: %q, %q", p.Items[2].Skip, p.Items[3].Skip)
	}
	p = prepare(t, cfg, "csv", "title,account,stage,owner,product\nA,B,qualify,x,\n", Options{})
	if skipText(p.Items[0]) != "no product: fill the product column or give --product" {
		t.Errorf("no product: %q", p.Items[0].Skip)
	}
}

func TestPreparePipedriveStatus(t *testing.T) {
	cfg := config.Default()
	csvText := `"Deal - Title";"Deal - Organization";"Deal - Value";"Deal - Currency";"Deal - Stage";"Deal - Status";"Deal - Owner";"Deal - Expected close date"
"Pumps";"Pohjoisvesi Oy";"1.200.000,00";"EUR";"Negotiations Started";"Won";"James";"31.03.2027"
"Dryers";"Prairie";"45 000";"USD";"Proposal Made";"Lost";"Derek";""
"Open";"X";"1,5";"USD";"Demo Scheduled";"Open";"Derek";""
`
	p := prepare(t, cfg, "pipedrive", csvText, Options{Product: "P", DateOrder: DayFirst})
	checks := []string{
		"stage: won # Pipedrive status won, stage \"Negotiations Started\"\namount:\n  value: 1200000\n  currency: EUR\nclose_date: 2027-03-31\n",
		"stage: lost # Pipedrive status lost, stage \"Proposal Made\"\namount:\n  value: 45000\n",
		"stage: develop # Pipedrive stage \"Demo Scheduled\"\namount:\n  value: 1.5\n",
	}
	for i, want := range checks {
		if !strings.Contains(string(p.Items[i].Content), want) {
			t.Errorf("row %d lacks %q:\n%s", i+2, want, p.Items[i].Content)
		}
	}
}

func TestNeverOverwrite(t *testing.T) {
	cfg := config.Default()
	out := t.TempDir()
	taken := filepath.Join(out, "b-taken.yaml")
	if err := os.WriteFile(taken, []byte("not mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	csvText := "title,account,stage,owner,product\nExisting,A,qualify,x,P\nTaken,B,qualify,x,P\nRace,C,qualify,x,P\nNew,D,qualify,x,P\n"
	p := prepare(t, cfg, "csv", csvText, Options{OutDir: out, Existing: map[string]string{"a-existing": "deals/elsewhere.yaml"}})
	if skipText(p.Items[0]) != "deal id a-existing already exists in deals/elsewhere.yaml" {
		t.Errorf("row 2: %q", p.Items[0].Skip)
	}
	if skipText(p.Items[1]) != taken+" already exists" {
		t.Errorf("row 3: %q", p.Items[1].Skip)
	}
	// A file that appears between planning and writing is not replaced.
	race := filepath.Join(out, "c-race.yaml")
	if err := os.WriteFile(race, []byte("written meanwhile\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.Write(nil)
	if skipText(p.Items[2]) != race+" already exists" {
		t.Errorf("row 4: %q", p.Items[2].Skip)
	}
	for file, want := range map[string]string{taken: "not mine\n", race: "written meanwhile\n"} {
		if got, _ := os.ReadFile(file); string(got) != want {
			t.Errorf("%s was overwritten: %q", file, got)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "d-new.yaml")); err != nil || p.Items[3].Skip != nil || p.Items[3].Err != nil {
		t.Errorf("row 5 not written: %v %q %v", err, p.Items[3].Skip, p.Items[3].Err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 3 {
		t.Errorf("%d files in the output folder, want 3 (no temporary files left)", len(entries))
	}
}

func TestPrepareIsDeterministic(t *testing.T) {
	cfg := config.Default()
	csvText := "title,account,stage,owner,product,amount,close_date\nA,B,qualify,x,P,\"1,000\",2027-01-01\nA!,B,develop,y,P,2000,\n"
	a := prepare(t, cfg, "csv", csvText, Options{OutDir: "out"})
	b := prepare(t, cfg, "csv", csvText, Options{OutDir: "out", File: "/elsewhere/exports/opportunities.csv"})
	for i := range a.Items {
		if !bytes.Equal(a.Items[i].Content, b.Items[i].Content) || a.Items[i].Path != b.Items[i].Path {
			t.Errorf("row %d differs:\n%s\n%s", a.Items[i].Row, a.Items[i].Content, b.Items[i].Content)
		}
	}
	if a.Items[1].ID != "b-a-2" {
		t.Errorf("second id %q", a.Items[1].ID)
	}
}

// TestPrepareInChinese: the skip reasons, the notes and the comments the
// files hold for the rep, in Chinese.
func TestPrepareInChinese(t *testing.T) {
	cfg := parseConfig(t, teamConfig)
	zh := i18n.UI().Printer(i18n.Chinese)
	csvText := `Opportunity Name,Account Name,Amount,Opportunity Currency,Stage,Close Date,Opportunity Owner
ERP rollout,ACME Manufacturing,"1,200,000.00",EUR,Proposal/Price Quote,3/31/2027,Jane Roe
,Initech,100,USD,Prospecting,2027-01-01,Lena Fischer
Bad amount,Initech,1.200,USD,Prospecting,2027-01-01,Lena Fischer
Bad date,Initech,100,USD,Prospecting,31.03.2027,Lena Fischer
Bad day,Initech,100,USD,Prospecting,2027-02-30,Lena Fischer
Odd stage,Initech,100,USD,Discovery,2027-01-01,Lena Fischer
No account,,100,USD,Prospecting,2027-01-01,Lena Fischer
No owner,Initech,100,USD,Prospecting,2027-01-01,
Chinese owner,Initech,100,USD,Prospecting,2027-01-01,赵敏
Bad currency,Initech,100,Dollars,Prospecting,2027-01-01,Lena Fischer
Two currencies,Initech,€100,USD,Prospecting,2027-01-01,Lena Fischer
Negative,Initech,-5,USD,Prospecting,2027-01-01,Lena Fischer
`
	p := prepare(t, cfg, "salesforce", csvText, Options{Product: "Plant Suite", Lang: i18n.Chinese})
	want := map[int]string{
		3:  "商机名称为空",
		4:  `金额 "1.200" 有误：它可能是 1.2，也可能是 1200：请去掉千位分隔符`,
		5:  "",
		6:  `日期 "2027-02-30" 有误：2027年2月没有 30 日`,
		7:  `未知阶段 "Discovery"：它对应不到任何一个阶段（prospect、qualify、develop、propose、negotiate、won、lost）；请在 deals.config.yaml 的 crm_stages 里加上它`,
		8:  "客户名称为空",
		9:  "没有负责人",
		10: `负责人 "赵敏" 不在团队名单里，名字里也没有拉丁字母，无法生成 id：请把此人加到 deals.config.yaml 的 team 里`,
		11: `币种 "Dollars" 有误：请写 ISO 4217 代码，例如 CNY、USD、EUR`,
		12: `金额 "€100" 有误：它的币种是 EUR，而币种列写的是 USD`,
		13: `金额 "-5" 有误：金额是负数`,
	}
	for _, it := range p.Items {
		got := skipIn(it, zh)
		if got != want[it.Row] {
			t.Errorf("row %d:\n got %q\nwant %q", it.Row, got, want[it.Row])
		}
	}
	first := p.Items[0]
	if len(first.Notes) != 1 || first.Notes[0].In(zh) != `负责人 "Jane Roe" 不在 deals.config.yaml 的团队名单里：已写成 jane-roe` {
		t.Errorf("row 2 notes: %v", first.Notes)
	}
	for _, line := range []string{
		"# 由 deals import 从 Salesforce 导出文件 opportunities.csv 第 2 行导入。\n",
		"  size: medium # Salesforce 导出文件里没有这一项：由 deals import --size 填写，请核对\n",
		"  name: Plant Suite # Salesforce 导出文件里没有这一项：由 deals import --product 填写，请核对\n",
		"owner: jane-roe # 不在团队名单里：请把此人加到配置文件里，或改正这里\n",
		`stage: propose # Salesforce 阶段 "Proposal/Price Quote"` + "\n",
	} {
		if !strings.Contains(string(first.Content), line) {
			t.Errorf("the file lacks %q:\n%s", line, first.Content)
		}
	}
	if _, problems := deal.Parse(first.Path, first.Content); len(problems) > 0 {
		t.Errorf("the file with Chinese comments is not a valid deal: %v", problems)
	}
}

// TestReadErrorsInChinese: what is wrong with a file or a flag, in Chinese.
func TestReadErrorsInChinese(t *testing.T) {
	zh := i18n.UI().Printer(i18n.Chinese)
	_, err := ReadTable([]byte("a,b\n\xc9\n"), ReadOptions{Encoding: "utf-8"})
	_, derr := ParseDelimiter("ab")
	_, oerr := ParseDateOrder("ymd")
	_, merr := ParseMap("titel=Name")
	sf, _ := LookupSource("salesforce")
	_, cerr := FindColumns("x.csv", sf, []string{"Deal Name", "Deal Stage", "Deal owner", "Associated Company"}, nil, false)
	for _, tc := range []struct {
		err  error
		want string
	}{
		{err, "不是 UTF-8 编码（第 2 行有字节 0xC9）；如果来自中文版 Excel，请试试 --encoding gbk"},
		{derr, `--delimiter "ab"：请用 auto、单个字符（例如 ;）或 tab`},
		{oerr, `--date-order "ymd"：请用 mdy（3/31/2027，月在前）或 dmy（31/03/2027，日在前）`},
		{merr, `--map：没有字段 "titel"，可用的字段有 id、title、account、amount、currency、stage、close_date、owner、size、complexity、product、region、industry、record_id、probability、forecast、next_step、won_reason、lost_reason`},
		{cerr, `x.csv：作为 Salesforce 导出文件缺少这些列：title（"Opportunity Name"或"Name"）、account（"Account Name"或"Account.Name"）、stage（"Stage"或"StageName"）、owner（"Opportunity Owner"、"Owner Name"、"Owner"或"Owner.Name"）；文件里的列是 "Deal Name"、"Deal Stage"、"Deal owner"、"Associated Company"。看起来是 HubSpot 的导出文件：试试 --from hubspot`},
	} {
		if tc.err == nil {
			t.Errorf("no error, want %q", tc.want)
			continue
		}
		if got := i18n.Text(tc.err, zh); got != tc.want {
			t.Errorf("\n got %q\nwant %q", got, tc.want)
		}
	}
}
