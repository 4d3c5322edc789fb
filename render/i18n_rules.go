package render

import "github.com/dealsascode/deals/internal/lint"

// ruleTitlesZH are the rule summaries in Chinese; the English ones are the
// rules' own summaries, so the two cannot drift apart in English.
var ruleTitlesZH = map[string]string{
	"parse":                   "文件是可读取的 YAML 商机文件。",
	"schema":                  "商机符合文件格式：字段已知、类型正确、日期真实。",
	"deal-stage":              "阶段是销售管道中的阶段之一。",
	"deal-owner":              "负责人是 deals.config.yaml 团队名单中的成员。",
	"deal-currency":           "金额的币种有汇率。",
	"deal-forecast":           "已确认的商机有金额和预计成交日期。",
	"deal-close-date":         "进行中商机的预计成交日期没有过去。",
	"deal-id-unique":          "商机编号不重复。",
	"lint-ignore":             "lint.ignore 中关闭的规则都存在。",
	"assess-motivation":       "已评估购买动机，并有依据。",
	"assess-ability":          "已评估购买能力（预算、权限、时机），并有依据。",
	"assess-qualified":        "通过资格确认后，购买动机和购买能力都足够。",
	"assess-pains":            "记录了客户痛点以及我们的解决方式。",
	"assess-risks":            "识别了商机的风险。",
	"assess-risk-detail":      "每项风险都有严重度、可能性、最坏后果和应对措施。",
	"compete-competitors":     "列出了竞争对手。",
	"compete-analysis":        "了解每个竞争对手的优势和劣势。",
	"compete-no-decision":     "把“不做决定”也当作竞争对手考虑。",
	"compete-strategy":        "选定了竞争策略并说明理由。",
	"players-roles":           "按客户规模和产品复杂度，TAS 要求的购买角色都已找到。",
	"players-coach":           "找到了教练。",
	"players-profile":         "每个关键人物都有完整画像。",
	"players-stale":           "进行中商机的关键人物画像近期核实过。",
	"players-unique":          "关键人物编号在商机内不重复。",
	"players-refs":            "对关键人物的引用都指向 key_players 中的人。",
	"players-cycle":           "汇报关系（reports_to）没有循环。",
	"relationships-segment":   "已知客户细分：规模、区域、产品线和行业。",
	"relationships-coverage":  "每个关键人物都有我方对接人，并有当前和目标关系。",
	"relationships-opponents": "有影响力的怀疑者和反对者都有进行中的行动在争取。",
	"plan-elements":           "工作计划包含五个要素：目标、策略、行动、资源、验证。",
	"plan-actions":            "每项行动都有负责人和截止日期。",
	"plan-overdue":            "进行中商机没有逾期的待办行动。",
	"review-done":             "计划已经复盘过。",
	"review-stale":            "最近一次计划复盘是近期的。",
	"review-content":          "最近一次复盘记录了发现和决定的调整。",
	"close-next-step":         "与客户约定了下一步，并有日期。",
	"close-next-step-date":    "进行中商机约定的下一步没有过期。",
	"close-plan":              "临近成交时有双方认可的成交计划和双赢价值。",
	"close-handoff":           "赢单后已交接给售后服务。",
	"close-lost-reason":       "丢单记录了原因和输给了谁。",
	"close-outcome":           "结果与阶段一致。",
}

func init() {
	m := map[string][2]string{}
	for _, r := range lint.Rules() {
		m["rule."+r.ID] = [2]string{r.Summary, ruleTitlesZH[r.ID]}
	}
	register(m)
}
