package render

// Messages of the SVG graphics (svg.go, svg_map.go, svg_charts.go).
func init() {
	register(map[string][2]string{
		"svg.sep": {", ", "、"},

		// Buying roles: full names and the abbreviations on badges.
		"svg.role.decision_maker":     {"Decision maker", "决策者"},
		"svg.role.user":               {"User", "使用者"},
		"svg.role.technical":          {"Technical gatekeeper", "技术把关者"},
		"svg.role.influencer":         {"Potential influencer", "潜在影响者"},
		"svg.role.coach":              {"Coach", "教练"},
		"svg.role.insider":            {"Insider", "内线"},
		"svg.roleAbbr.decision_maker": {"DM", "决"},
		"svg.roleAbbr.user":           {"U", "用"},
		"svg.roleAbbr.technical":      {"T", "技"},
		"svg.roleAbbr.influencer":     {"I", "影"},
		"svg.roleAbbr.coach":          {"C", "教"},
		"svg.roleAbbr.insider":        {"In", "内"},

		// Attitudes towards us.
		"svg.attitude.champion":  {"Champion", "拥护者"},
		"svg.attitude.supporter": {"Supporter", "支持者"},
		"svg.attitude.neutral":   {"Neutral", "中立"},
		"svg.attitude.skeptic":   {"Skeptic", "怀疑者"},
		"svg.attitude.opponent":  {"Opponent", "反对者"},
		"svg.attitude.unknown":   {"Unknown", "未知"},

		// Levels (influence, severity, probability).
		"svg.level.low":    {"Low", "低"},
		"svg.level.medium": {"Medium", "中"},
		"svg.level.high":   {"High", "高"},
		"svg.level.none":   {"Not rated", "未评估"},

		// Relationship levels.
		"svg.rel.none":     {"none", "无"},
		"svg.rel.contact":  {"contact", "接触"},
		"svg.rel.working":  {"working", "工作关系"},
		"svg.rel.trusted":  {"trusted", "信任"},
		"svg.rel.advocate": {"advocate", "拥护"},

		// Stakeholder map.
		"svg.map.aria":            {"Stakeholder map: %d people, %d roles not yet found", "关键人物图：%d 人，%d 个角色尚未找到"},
		"svg.map.missing":         {"Roles not yet found", "尚未找到的角色"},
		"svg.map.notFound":        {"not yet found", "尚未找到"},
		"svg.map.uncovered":       {"not covered", "无人覆盖"},
		"svg.map.legendAttitude":  {"Attitude", "态度"},
		"svg.map.legendInfluence": {"Influence (border)", "影响力（边框）"},
		"svg.map.legendRoles":     {"Roles", "角色"},
		"svg.map.tipRoles":        {"Roles: %s", "角色：%s"},
		"svg.map.tipAttitude":     {"Attitude: %s", "态度：%s"},
		"svg.map.tipInfluence":    {"Influence: %s", "影响力：%s"},
		"svg.map.tipCoverage":     {"Covered by: %s", "我方覆盖人：%s"},
		"svg.map.tipRelationship": {"Relationship: %s → %s", "关系：%s → %s"},
		"svg.map.tipDangling":     {"Reports to %s, who is not in the map", "汇报对象 %s 不在图中"},
		"svg.map.tipCycle":        {"Reporting lines form a cycle", "汇报关系形成循环"},

		// Risk matrix.
		"svg.risk.aria":        {"Risk matrix: %d risks", "风险矩阵：%d 项风险"},
		"svg.risk.severity":    {"Severity", "严重性"},
		"svg.risk.probability": {"Probability", "可能性"},
		"svg.risk.unrated":     {"Not rated", "未评估"},
		"svg.risk.tip":         {"Severity: %s, probability: %s", "严重性：%s，可能性：%s"},
		"svg.risk.tipUnrated":  {"Severity or probability not rated", "严重性或可能性未评估"},

		// Bar chart.
		"svg.bar.aria":      {"Bar chart", "柱状图"},
		"svg.bar.value":     {"Value", "数值"},
		"svg.bar.valueUnit": {"Value (%s)", "数值（%s）"},

		// Funnel.
		"svg.funnel.aria":         {"Pipeline funnel: %d stages", "销售漏斗：%d 个阶段"},
		"svg.funnel.count":        {"%d deals", "%d 个商机"},
		"svg.funnel.countOne":     {"1 deal", "1 个商机"},
		"svg.funnel.byCount":      {"Band width: number of deals", "带宽：商机数量"},
		"svg.funnel.byAmount":     {"Band width: amount", "带宽：金额"},
		"svg.funnel.byAmountUnit": {"Band width: amount (%s)", "带宽：金额（%s）"},

		// Timeline.
		"svg.timeline.aria":      {"Timeline: %d items", "时间线：%d 项"},
		"svg.timeline.today":     {"Today", "今天"},
		"svg.timeline.undated":   {"No date", "无日期"},
		"svg.timeline.monthYear": {"%[1]s %[2]d", "%[2]d年%[1]s"},
		"svg.status.open":        {"Open", "未完成"},
		"svg.status.done":        {"Done", "已完成"},
		"svg.status.blocked":     {"Blocked", "受阻"},
		"svg.status.dropped":     {"Dropped", "已放弃"},
		"svg.status.overdue":     {"Overdue", "已逾期"},
		"svg.month.1":            {"Jan", "1月"},
		"svg.month.2":            {"Feb", "2月"},
		"svg.month.3":            {"Mar", "3月"},
		"svg.month.4":            {"Apr", "4月"},
		"svg.month.5":            {"May", "5月"},
		"svg.month.6":            {"Jun", "6月"},
		"svg.month.7":            {"Jul", "7月"},
		"svg.month.8":            {"Aug", "8月"},
		"svg.month.9":            {"Sep", "9月"},
		"svg.month.10":           {"Oct", "10月"},
		"svg.month.11":           {"Nov", "11月"},
		"svg.month.12":           {"Dec", "12月"},
	})
}
