package dealgen

// The pools below are the raw material of the generated deals. Every text
// has an English and a Chinese version so that deals of the Chinese regions
// are written in Chinese throughout.

// tx is one text in English and Chinese.
type tx struct{ en, zh string }

// region is a sales region with the currencies its deals are written in.
type region struct {
	name       string
	zh         bool     // deals are written in Chinese
	currencies []string // "" is the base currency (no currency written)
	weight     int
}

var regions = []region{
	{"North America", false, []string{"", "USD", "USD", "CAD"}, 24},
	{"EMEA", false, []string{"EUR", "EUR", "GBP", "CHF", "SEK"}, 22},
	{"APAC", false, []string{"SGD", "AUD", "JPY", "USD"}, 13},
	{"LATAM", false, []string{"BRL", "MXN", "USD"}, 9},
	{"华东", true, []string{"CNY"}, 15},
	{"华南", true, []string{"CNY"}, 9},
	{"华北", true, []string{"CNY"}, 8},
}

// rates is what one unit of each currency is worth in USD, the base.
var rates = []struct {
	code string
	rate string
	usd  float64
}{
	{"AUD", "0.66", 0.66},
	{"BRL", "0.18", 0.18},
	{"CAD", "0.73", 0.73},
	{"CHF", "1.13", 1.13},
	{"CNY", "0.14", 0.14},
	{"EUR", "1.08", 1.08},
	{"GBP", "1.27", 1.27},
	{"JPY", "0.0067", 0.0067},
	{"MXN", "0.055", 0.055},
	{"SEK", "0.095", 0.095},
	{"SGD", "0.74", 0.74},
	{"USD", "1", 1},
}

// member is one person of the sales team in deals.config.yaml.
type member struct {
	id, name, manager, region string
	rep                       bool
}

var team = []member{
	{"maria-keller", "Maria Keller", "", "Global", false},

	{"james-carter", "James Carter", "maria-keller", "North America", false},
	{"emily-chen", "Emily Chen", "james-carter", "North America", false},
	{"ryan-brooks", "Ryan Brooks", "james-carter", "North America", false},
	{"olivia-grant", "Olivia Grant", "emily-chen", "North America", true},
	{"noah-patel", "Noah Patel", "emily-chen", "North America", true},
	{"ava-morales", "Ava Morales", "emily-chen", "North America", true},
	{"ethan-walsh", "Ethan Walsh", "ryan-brooks", "North America", true},
	{"grace-kim", "Grace Kim", "ryan-brooks", "North America", true},

	{"sophie-laurent", "Sophie Laurent", "maria-keller", "EMEA", false},
	{"lukas-weber", "Lukas Weber", "sophie-laurent", "EMEA", false},
	{"hannah-smith", "Hannah Smith", "sophie-laurent", "EMEA", false},
	{"felix-braun", "Felix Braun", "lukas-weber", "EMEA", true},
	{"lena-vogel", "Lena Vogel", "lukas-weber", "EMEA", true},
	{"marco-rossi", "Marco Rossi", "lukas-weber", "EMEA", true},
	{"oliver-hughes", "Oliver Hughes", "hannah-smith", "EMEA", true},
	{"chloe-martin", "Chloé Martin", "hannah-smith", "EMEA", true},
	{"erik-lindqvist", "Erik Lindqvist", "hannah-smith", "EMEA", true},

	{"daniel-tan", "Daniel Tan", "maria-keller", "APAC", false},
	{"priya-nair", "Priya Nair", "daniel-tan", "APAC", false},
	{"kenji-watanabe", "Kenji Watanabe", "priya-nair", "APAC", true},
	{"sarah-lim", "Sarah Lim", "priya-nair", "APAC", true},
	{"jack-reynolds", "Jack Reynolds", "priya-nair", "APAC", true},

	{"lucia-fernandez", "Lucía Fernández", "maria-keller", "LATAM", false},
	{"carlos-mendes", "Carlos Mendes", "lucia-fernandez", "LATAM", false},
	{"ana-souza", "Ana Souza", "carlos-mendes", "LATAM", true},
	{"diego-ramirez", "Diego Ramírez", "carlos-mendes", "LATAM", true},

	{"zhao-min", "赵敏", "maria-keller", "大中华区", false},
	{"chen-jie", "陈杰", "zhao-min", "华东", false},
	{"huang-lei", "黄磊", "zhao-min", "华南", false},
	{"sun-li", "孙丽", "zhao-min", "华北", false},
	{"li-na", "李娜", "chen-jie", "华东", true},
	{"wang-hao", "王浩", "chen-jie", "华东", true},
	{"zhou-ting", "周婷", "chen-jie", "华东", true},
	{"xu-peng", "徐鹏", "chen-jie", "华东", true},
	{"lin-xiaodong", "林晓东", "huang-lei", "华南", true},
	{"he-jing", "何静", "huang-lei", "华南", true},
	{"ma-jun", "马军", "sun-li", "华北", true},
	{"gao-haiyan", "高海燕", "sun-li", "华北", true},
}

// formerReps left the team; some deals still name them as owner.
var formerReps = []string{"tom-hardy", "alice-wong", "peter-novak"}

// industry is an account industry with the words that name its companies.
type industry struct {
	name     tx
	suffixEn []string
	suffixZh []string
}

var industries = []industry{
	{tx{"manufacturing", "制造业"}, []string{"Precision Parts", "Machinery", "Industrial", "Motors", "Plastics"}, []string{"精密制造", "机械", "汽车零部件", "电子"}},
	{tx{"financial services", "金融服务"}, []string{"Bank", "Capital", "Insurance", "Credit Union"}, []string{"农商银行", "保险", "证券", "融资租赁"}},
	{tx{"retail", "零售"}, []string{"Stores", "Retail Group", "Outfitters", "Markets"}, []string{"百货", "连锁超市", "商贸"}},
	{tx{"healthcare", "医疗健康"}, []string{"Health", "Medical Center", "Pharma", "Clinics"}, []string{"医药", "医院集团", "医疗器械"}},
	{tx{"logistics", "物流"}, []string{"Freight", "Logistics", "Shipping", "Transport"}, []string{"物流", "供应链", "快运"}},
	{tx{"public sector", "公共事业"}, []string{"County", "Water Authority", "Transit Authority", "City Council"}, []string{"水务集团", "公交集团", "市政"}},
	{tx{"energy", "能源"}, []string{"Energy", "Power", "Renewables", "Utilities"}, []string{"能源", "电力", "新能源"}},
	{tx{"technology", "科技"}, []string{"Software", "Systems", "Labs", "Networks"}, []string{"科技", "信息技术", "软件"}},
	{tx{"telecommunications", "电信"}, []string{"Telecom", "Mobile", "Communications"}, []string{"通信", "网络"}},
	{tx{"education", "教育"}, []string{"University", "College", "School District"}, []string{"教育集团", "职业技术学院"}},
}

// Account name prefixes per region, for the non-Chinese regions.
var accountPrefixes = map[string][]string{
	"North America": {"Northwind", "Blue River", "Summit", "Ironbridge", "Harbor", "Redwood", "Pioneer", "Silver Lake", "Granite", "Evergreen", "Keystone", "Falcon", "Lakeshore", "Oakridge"},
	"EMEA":          {"Nordlicht", "Alpenwerk", "Lumière", "Bergmann", "Thames Valley", "Rhein", "Baltic", "Helvetia", "Costa Brava", "Vltava", "Nordhavn", "Kastel"},
	"APAC":          {"Lion City", "Sakura", "Harbourfront", "Tanjong", "Golden Bay", "Southern Cross", "Koru", "Marina", "Pacific Rim", "Kowloon"},
	"LATAM":         {"Andes", "Pampa", "Serra Azul", "Rio Claro", "Sol Maior", "Monterrey", "Cordillera", "Bahía", "Atacama"},
}

// pinyin is a Chinese word with its romanisation, used in ids.
type pinyin struct{ zh, py string }

var cities = map[string][]pinyin{
	"华东": {{"上海", "shanghai"}, {"苏州", "suzhou"}, {"杭州", "hangzhou"}, {"南京", "nanjing"}, {"宁波", "ningbo"}, {"无锡", "wuxi"}},
	"华南": {{"深圳", "shenzhen"}, {"广州", "guangzhou"}, {"东莞", "dongguan"}, {"佛山", "foshan"}, {"厦门", "xiamen"}},
	"华北": {{"北京", "beijing"}, {"天津", "tianjin"}, {"青岛", "qingdao"}, {"济南", "jinan"}, {"大连", "dalian"}},
}

var brandsZh = []pinyin{
	{"恒通", "hengtong"}, {"华信", "huaxin"}, {"远航", "yuanhang"}, {"鼎盛", "dingsheng"}, {"新元", "xinyuan"},
	{"金桥", "jinqiao"}, {"瑞丰", "ruifeng"}, {"宏达", "hongda"}, {"天成", "tiancheng"}, {"博远", "boyuan"},
	{"启明", "qiming"}, {"中科", "zhongke"}, {"海川", "haichuan"}, {"万盛", "wansheng"},
}

var surnames = []pinyin{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"},
	{"赵", "zhao"}, {"周", "zhou"}, {"吴", "wu"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"},
	{"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"}, {"高", "gao"}, {"罗", "luo"},
}

var givenNames = []pinyin{
	{"芳", "fang"}, {"娜", "na"}, {"伟", "wei"}, {"洋", "yang"}, {"杰", "jie"}, {"静", "jing"}, {"敏", "min"},
	{"磊", "lei"}, {"涛", "tao"}, {"霞", "xia"}, {"明", "ming"}, {"丽", "li"}, {"强", "qiang"}, {"军", "jun"},
	{"婷", "ting"}, {"鹏", "peng"}, {"晓东", "xiaodong"}, {"建华", "jianhua"}, {"海燕", "haiyan"}, {"志强", "zhiqiang"},
}

// Customer-side people of the non-Chinese regions.
var firstNames = map[string][]string{
	"North America": {"Emma", "Liam", "Olivia", "Noah", "Sophia", "Mason", "Isabella", "Logan", "Mia", "Lucas", "Harper", "Caleb", "Avery", "Jordan"},
	"EMEA":          {"Anna", "Pierre", "Camille", "Giulia", "Matteo", "Sven", "Ingrid", "Charlotte", "Jörg", "Amélie", "Tomasz", "Eva", "Henrik", "Fatima"},
	"APAC":          {"Hiroshi", "Yuki", "Priya", "Arjun", "Wei Ling", "Siti", "Chloe", "Minh", "Aiko", "Rahul", "Mei", "Tom"},
	"LATAM":         {"Mateo", "Valentina", "Santiago", "Camila", "Joaquín", "Lucía", "Rafael", "Beatriz", "Andrés", "Fernanda"},
}

var lastNames = map[string][]string{
	"North America": {"Smith", "Johnson", "Brown", "Miller", "Davis", "Garcia", "Wilson", "Anderson", "Taylor", "O'Neill", "Martin", "Nguyen", "Clark", "Hall"},
	"EMEA":          {"Müller", "Schmidt", "Dubois", "Rossi", "Jansen", "Novak", "Andersson", "Dupont", "Fischer", "Bianchi", "Kowalski", "Haddad", "Okafor", "Byrne"},
	"APAC":          {"Tanaka", "Sato", "Sharma", "Mehta", "Tan", "Rahman", "Wilson", "Nguyen", "Suzuki", "Iyer", "Wong", "Kelly"},
	"LATAM":         {"González", "Rodríguez", "Silva", "Pereira", "Fernández", "López", "Costa", "Herrera", "Oliveira", "Castro"},
}

// product is one of our products.
type product struct {
	name, slug string
	noun       tx
	line       string // established or new
	complexity string // the usual complexity; deals flip it now and then
	pains      []int  // the customer pains (indexes into pains) it solves
}

var products = []product{
	{"Nimbus ERP", "erp", tx{"ERP", "ERP"}, "established", "complex", []int{0, 2, 3, 7, 12, 13}},
	{"Nimbus MES", "mes", tx{"shop-floor", "生产执行"}, "established", "complex", []int{1, 11, 2, 3, 7}},
	{"Nimbus Analytics", "analytics", tx{"analytics", "数据分析"}, "established", "simple", []int{3, 8, 0, 12}},
	{"LedgerClose", "ledgerclose", tx{"financial close", "财务结账"}, "established", "complex", []int{0, 5, 6, 12, 3}},
	{"FieldOps Mobile", "fieldops", tx{"field service", "现场服务"}, "new", "simple", []int{4, 3, 13, 11}},
	{"VaultGuard", "vaultguard", tx{"security monitoring", "安全监控"}, "new", "complex", []int{9, 5, 13}},
	{"Nimbus Supply Chain Planning", "scp", tx{"supply chain planning", "供应链计划"}, "established", "complex", []int{8, 2, 3, 12}},
	{"QuickInvoice", "quickinvoice", tx{"invoicing", "开票"}, "established", "simple", []int{6, 0, 12, 13}},
	{"Nimbus HR Cloud", "hr", tx{"HR", "人力资源"}, "established", "simple", []int{10, 3, 13, 12}},
	{"SignalIoT Edge", "iot", tx{"IoT", "物联网"}, "new", "complex", []int{1, 11, 9, 7}},
}

// Titles: %s is the product noun.
var titlesEn = []string{
	"%s rollout for three plants",
	"%s for the finance team",
	"Replace the legacy %s system",
	"%s pilot in the main site",
	"%s renewal and expansion",
	"Group-wide %s programme",
	"%s for the new distribution centre",
	"%s upgrade and move to the cloud",
}

var titlesZh = []string{
	"%s系统三家工厂上线项目",
	"财务部%s项目",
	"替换旧%s系统",
	"%s试点项目",
	"%s续约及扩容",
	"集团%s平台建设",
	"新物流中心%s项目",
	"%s系统升级上云",
}

var tagsPool = []tx{
	{"renewal", "续约"}, {"partner-led", "伙伴主导"}, {"expansion", "扩容"}, {"new-logo", "新客户"},
	{"competitive-displacement", "竞争替换"}, {"public-tender", "公开招标"}, {"strategic-account", "战略客户"},
	{"FY27-Q1", "FY27-Q1"}, {"cross-sell", "交叉销售"}, {"cloud-migration", "上云"},
}

// Evidence for buying motivation and ability: four strong ones, then weak ones.
var motivationEvidence = []tx{
	{"COO said on the discovery call that downtime costs them about 2M a year.", "运营副总在首次拜访时说停机每年损失约200万。"},
	{"The CFO asked us for a proposal before the budget round in January.", "财务总监要求在一月预算会前拿到方案。"},
	{"Auditors flagged the manual process twice; the board wants it fixed this year.", "审计两次指出手工流程问题，董事会要求今年解决。"},
	{"The project is one of the CEO's three priorities for next year.", "该项目是总经理明年三大重点之一。"},
	// weak
	{"Only the IT team has asked; the business has not said it needs this.", "目前只有IT部门在提，业务部门尚未表态。"},
	{"They downloaded two white papers and came to one webinar.", "客户下载了两份白皮书并参加过一次线上研讨会。"},
}

var abilityEvidence = []tx{
	{"Budget of 1.5M approved for FY2027; the CFO signs above 500k.", "2027财年预算150万已批，50万以上由财务总监审批。"},
	{"Money comes from the digital programme; the board approves in March.", "资金来自数字化专项，董事会三月审批。"},
	{"The owner decides alone and pays from the operating budget.", "老板一人决定，从经营预算中支出。"},
	{"Group procurement must run a tender above 1M; timing is Q2.", "超过100万需集团采购招标，预计二季度。"},
	// weak
	{"No budget line yet; they would need to take it from the maintenance budget.", "尚无预算科目，需要从运维预算中调剂。"},
	{"Nobody has named a budget or a date; the IT manager cannot sign.", "尚无人明确预算和时间，IT经理没有签字权。"},
}

type painText struct{ pain, solution tx }

var pains = []painText{
	{tx{"Month-end close takes 12 days and the auditors keep finding manual errors.", "月结需要12天，审计每次都发现手工差错。"},
		tx{"Automated reconciliation and approval flows cut the close to 4 days.", "自动对账和审批流程把月结缩短到4天。"}},
	{tx{"Unplanned downtime on line 3 costs about 40 hours a month.", "3号产线每月非计划停机约40小时。"},
		tx{"Machine data in real time, with alerts before a failure.", "实时采集设备数据，故障前预警。"}},
	{tx{"Stock in the warehouse and in the system differ by up to 8%.", "仓库实物和系统库存差异高达8%。"},
		tx{"Scan-based receiving and cycle counts keep stock accuracy above 99%.", "扫码收货和循环盘点使库存准确率保持在99%以上。"}},
	{tx{"Sales, finance and operations keep their own spreadsheets; nobody trusts the numbers.", "销售、财务、运营各有各的表格，没人相信数据。"},
		tx{"One shared data model and dashboards that every team reads from.", "统一数据模型和看板，各部门看同一套数据。"}},
	{tx{"Field technicians lose an hour a day on paperwork.", "现场工程师每天花一个小时填纸质工单。"},
		tx{"Mobile work orders with photos and signatures that sync offline.", "移动工单支持拍照签字，并可离线同步。"}},
	{tx{"The regulator asked for audit trails they cannot produce in time.", "监管要求的审计追踪无法按时提供。"},
		tx{"Every change is logged and reportable in one click.", "所有变更自动留痕，一键出报告。"}},
	{tx{"Invoices go out late, so cash comes in late: DSO is 68 days.", "发票开具滞后，回款慢，应收账款周转68天。"},
		tx{"Invoices are issued on delivery and sent to the tax portal automatically.", "发货即开票，自动对接电子发票平台。"}},
	{tx{"The legacy system loses vendor support at the end of next year.", "旧系统明年底停止厂商支持。"},
		tx{"A phased migration keeps the old system read-only during cut-over.", "分阶段迁移，切换期间旧系统只读。"}},
	{tx{"Two planners forecast demand in Excel; accuracy is 55%.", "两个计划员用Excel做需求预测，准确率只有55%。"},
		tx{"Statistical forecasting with planner overrides lifts accuracy above 75%.", "统计预测加人工调整，准确率提升到75%以上。"}},
	{tx{"Security incidents across 40 sites take days to detect.", "40个站点的安全事件要几天才能发现。"},
		tx{"Central monitoring raises an alert within minutes.", "集中监控，分钟级告警。"}},
	{tx{"Onboarding a new employee takes three weeks of manual steps.", "新员工入职需要三周的手工流程。"},
		tx{"A self-service onboarding workflow finishes it in three days.", "自助入职流程三天内完成。"}},
	{tx{"Quality problems are found at the customer, not on the line.", "质量问题在客户处才被发现，而不是在产线上。"},
		tx{"In-line inspection data tied to each batch stops bad parts at the station.", "在线检验数据与批次绑定，问题当场拦截。"}},
	{tx{"Expanding into two new countries needs multi-currency and local tax.", "拓展两个新国家需要多币种和本地税务。"},
		tx{"Localised tax and currency packs go live in each country in weeks.", "本地化税务和多币种包，数周内在各国上线。"}},
	{tx{"IT has three people and can no longer maintain on-premise servers.", "IT只有三个人，已无力维护本地服务器。"},
		tx{"A fully managed cloud service with a 99.9% SLA.", "全托管云服务，SLA 99.9%。"}},
}

type riskText struct{ risk, worst, mitigation tx }

var risks = []riskText{
	{tx{"Budget freeze if Q1 results disappoint", "一季度业绩不佳可能冻结预算"}, tx{"Project postponed a year", "项目推迟一年"}, tx{"Phase 1 sized to fit the current budget", "一期范围控制在现有预算内"}},
	{tx{"The incumbent offers a steep renewal discount", "现有供应商大幅折扣续约"}, tx{"We lose on price", "我们因价格丢单"}, tx{"Build the TCO case with the CFO", "与财务总监一起做TCO分析"}},
	{tx{"A reorganisation moves the project to group IT", "组织调整，项目划归集团IT"}, tx{"A new decision maker with a vendor of their own", "新决策人偏好其他供应商"}, tx{"Meet the group CIO early through our executive sponsor", "通过我方高管尽早拜访集团CIO"}},
	{tx{"Integration with the shop-floor PLCs is unproven", "与车间PLC的集成尚未验证"}, tx{"The pilot fails and the deal stalls", "试点失败，项目停滞"}, tx{"Two-week proof of concept on line 3", "在3号线做两周概念验证"}},
	{tx{"Our coach may leave the company", "内部教练可能离职"}, tx{"We lose our guide into the account", "失去内线，信息中断"}, tx{"Build a second relationship with the IT director", "与IT总监建立第二条关系线"}},
	{tx{"Data residency rules require local hosting", "数据合规要求境内部署"}, tx{"The cloud offer is disqualified", "云方案被否决"}, tx{"Offer the in-region data centre", "提供境内数据中心方案"}},
	{tx{"Public tender rules may reopen the competition", "公开招标可能重新引入竞争"}, tx{"A price war in the tender", "招标中陷入价格战"}, tx{"Help shape the technical requirements early", "尽早参与技术规范编写"}},
	{tx{"The implementation partner has no capacity before Q2", "实施伙伴二季度前没有人力"}, tx{"Go-live slips and the customer loses confidence", "上线推迟，客户失去信心"}, tx{"Reserve our own services team as a backup", "预留原厂服务团队作为备选"}},
	{tx{"Currency swings change the price in local terms", "汇率波动影响本币价格"}, tx{"The business case no longer pays back", "投资回报不再成立"}, tx{"Quote in local currency, fixed for 12 months", "本币报价并锁定12个月"}},
}

var vendorsEn = []string{"Vantage Systems", "Kestrel Software", "OrbitWorks", "Helix Cloud", "Quantra", "BluePeak Solutions", "Stratus Apps", "Corvid Analytics"}
var vendorsZh = []string{"云启软件", "华智科技", "鼎新信息", "蓝海数据", "智联云", "Vantage Systems", "Kestrel Software"}

var inHouse = []tx{{"Build it in-house with the IT team", "IT部门自研"}, {"Extend the home-grown system", "在自建系统上二次开发"}}
var noDecision = []tx{{"Keep the spreadsheets", "维持现状（Excel加邮件）"}, {"Stay on the legacy system another year", "旧系统再用一年"}, {"Do nothing this year", "今年不做"}}

var compStrengths = []tx{
	{"Installed base and a long relationship", "已有装机基础，合作多年"}, {"Lower licence price", "许可价格更低"},
	{"Local support team", "本地服务团队"}, {"The CFO's trust", "财务总监信任"}, {"Already approved by group IT", "已通过集团IT认证"},
	{"Strong brand in the industry", "行业品牌知名度高"},
}
var compWeaknesses = []tx{
	{"No shop-floor module", "没有车间模块"}, {"Support is offshore and slow", "售后在海外，响应慢"},
	{"Weak mobile app", "移动端功能弱"}, {"No local data centre", "没有境内数据中心"}, {"Long implementation times", "实施周期长"},
	{"Price rises every renewal", "每次续约都涨价"},
}
var statusQuoStrengths = []tx{{"No project risk", "没有项目风险"}, {"No budget needed this year", "今年不需要预算"}, {"Everyone knows the current process", "大家都熟悉现有流程"}}
var statusQuoWeaknesses = []tx{{"Errors keep costing money", "差错持续造成损失"}, {"Auditors have flagged it twice", "审计已两次指出问题"}, {"Does not scale to new sites", "无法支撑新工厂扩张"}}

var strategies = []string{"category", "price", "promotion", "service", "network", "relationship"}

var rationales = map[string]tx{
	"category":     {"Only we cover the shop floor and finance in one product; the others need two systems.", "只有我们在一个产品里覆盖车间和财务，对手需要两套系统。"},
	"price":        {"Our three-year TCO is 20% lower once hosting and upgrades are counted.", "算上托管和升级，我们三年总拥有成本低20%。"},
	"promotion":    {"The year-end bundle includes training and the analytics module at no cost.", "年底套餐免费包含培训和分析模块。"},
	"service":      {"Our local team answers within four hours; the incumbent's support is offshore.", "我们本地团队4小时内响应，对手售后在海外。"},
	"network":      {"Our partner has implemented 30 sites in the region and knows the account.", "我们的伙伴在本区域实施过30个项目，熟悉这家客户。"},
	"relationship": {"The CIO and our executive sponsor have worked together for years.", "客户CIO与我方高管多年合作，彼此信任。"},
}

// title is a job title in both languages with a slug for role-based ids.
type title struct {
	en, zh, slug string
}

var titlesByRole = map[string][]title{
	"owner":          {{"Owner and Managing Director", "老板兼总经理", "owner"}, {"Founder and CEO", "创始人兼CEO", "founder"}},
	"decision_maker": {{"CFO", "财务总监", "cfo"}, {"COO", "首席运营官", "coo"}, {"CEO", "总经理", "ceo"}, {"VP Operations", "运营副总裁", "vp-ops"}, {"Managing Director", "董事总经理", "md"}},
	"technical":      {{"CIO", "信息中心主任", "cio"}, {"IT Director", "IT总监", "it-director"}, {"Head of Enterprise Architecture", "架构负责人", "architect"}, {"IT Manager", "IT经理", "it-manager"}},
	"user":           {{"Plant Manager", "工厂厂长", "plant-manager"}, {"Head of Finance Operations", "财务运营负责人", "finance-ops"}, {"Warehouse Manager", "仓储经理", "warehouse"}, {"Head of Field Service", "现场服务负责人", "field-service"}, {"Controller", "财务经理", "controller"}},
	"influencer":     {{"Procurement Director", "采购总监", "procurement"}, {"Board Member", "董事", "board"}, {"Head of Internal Audit", "集团审计负责人", "audit"}, {"Head of Strategy", "战略部负责人", "strategy"}},
	"coach":          {{"Project Lead", "项目经理", "project-lead"}, {"Senior Process Engineer", "高级工艺工程师", "process-engineer"}, {"Finance Systems Lead", "财务系统主管", "finance-systems"}},
	"insider":        {{"Executive Assistant to the CEO", "总经理助理", "assistant"}, {"Business Analyst", "业务分析师", "analyst"}},
}

var caresAbout = map[string][]tx{
	"decision_maker": {{"Cash flow", "现金流"}, {"Payback within 18 months", "18个月内回本"}, {"Audit findings", "审计问题"}, {"Growth in new markets", "新市场增长"}, {"Fewer surprises in the forecast", "预测不再出意外"}},
	"technical":      {{"Integration with existing systems", "与现有系统集成"}, {"Security and data residency", "安全与数据合规"}, {"Fewer systems to maintain", "减少运维系统数量"}, {"A clean upgrade path", "平滑升级路径"}},
	"user":           {{"Less manual work", "减少手工操作"}, {"Easy to learn", "容易上手"}, {"Mobile access on the floor", "车间移动端"}, {"Fewer late nights at month end", "月底少加班"}},
	"influencer":     {{"A fair, documented selection", "选型流程合规"}, {"Vendor viability", "供应商可持续性"}, {"A price benchmark", "价格对标"}},
	"coach":          {{"Making the project a success", "项目成功"}, {"Visibility with management", "在管理层面前的表现"}},
	"insider":        {{"Being kept in the loop", "了解项目进展"}},
}

var playerNotes = []tx{
	{"Former colleague of our solution engineer.", "曾与我方售前共事过。"},
	{"Prefers short emails; decides fast.", "喜欢简短汇报，决策快。"},
	{"Was burned by a failed ERP project in 2023.", "2023年经历过一次失败的ERP项目。"},
	{"New in the role since the summer.", "今年夏天刚到任。"},
	{"Plays golf with the partner's managing director.", "与合作伙伴总经理是球友。"},
}

var coveredBy = []tx{
	{"%s (account executive)", "%s（客户经理）"},
	{"Tom Becker (solution engineer)", "王磊（售前工程师）"},
	{"our COO (executive sponsor)", "我方COO（高管赞助人）"},
	{"Partner: Apex Consulting", "合作伙伴：启航咨询"},
	{"%s (account executive)", "%s（客户经理）"},
}

var approaches = []tx{
	{"Monthly steering meeting", "每月项目例会"}, {"Reference visit to a customer site", "安排参观标杆客户"},
	{"Quarterly business review", "季度业务回顾"}, {"Technical workshop on integration", "集成技术研讨会"},
	{"Peer call with our CFO", "我方CFO同级沟通"}, {"Weekly check-in during the pilot", "试点期间每周沟通"},
}

var relLevels = []string{"none", "contact", "working", "trusted", "advocate"}

var goalScopes = []tx{
	{"three plants", "三家工厂"}, {"the finance team in four countries", "4个国家的财务团队"}, {"120 field technicians", "120名现场工程师"},
	{"all 35 stores", "全部35家门店"}, {"the head office and two warehouses", "总部和两个仓库"}, {"the group and five subsidiaries", "集团及五家子公司"},
}

var planStrategies = []tx{
	{"Win the shop-floor users with a pilot, then the CFO on TCO.", "先用试点赢得一线用户，再用TCO说服财务总监。"},
	{"Shape the tender requirements with IT before procurement starts.", "在采购启动前与IT一起制定技术规范。"},
	{"Land with finance, expand to operations in phase 2.", "先从财务切入，二期扩展到运营。"},
	{"Use the reference customer to prove the integration risk is low.", "用标杆客户证明集成风险低。"},
	{"Executive alignment first, then a paid pilot.", "先高层对齐，再做付费试点。"},
}

// action is a plan action and the buying role it works on ("" for none).
type action struct {
	what tx
	role string
}

var actions = []action{
	{tx{"Two-week proof of concept with the IT team", "与IT团队做两周概念验证"}, "technical"},
	{tx{"Present the TCO model to the decision maker", "向决策人汇报TCO模型"}, "decision_maker"},
	{tx{"Reference visit to a customer site", "安排参观标杆客户现场"}, "user"},
	{tx{"Answer the security questionnaire", "完成信息安全问卷"}, "technical"},
	{tx{"Executive sponsor call with the decision maker", "我方高管与决策人通话"}, "decision_maker"},
	{tx{"Workshop on integration with the existing systems", "现有系统集成研讨会"}, "technical"},
	{tx{"Demo for the end users", "为最终用户做产品演示"}, "user"},
	{tx{"Send the draft contract and SLA", "发送合同草稿和SLA"}, "decision_maker"},
	{tx{"Agree the evaluation criteria with procurement", "与采购确认评估标准"}, "influencer"},
	{tx{"Prepare the business case with our coach", "与内部教练一起准备商业论证"}, "coach"},
	{tx{"Map the org chart with our insider", "与内线一起梳理组织架构"}, "insider"},
	{tx{"Price workshop with finance", "与财务部门做报价沟通会"}, "decision_maker"},
}

var prospectActions = []tx{
	{"Book a discovery call", "预约首次需求沟通"},
	{"Research the account's annual report", "研究客户年报"},
	{"Ask the partner for an introduction", "请合作伙伴引荐"},
	{"Send the industry case study", "发送行业案例"},
}

var actionOwnersExtra = []tx{{"Tom Becker (SE)", "王磊（售前）"}, {"Partner: Apex Consulting", "合作伙伴：启航咨询"}}

var resources = []tx{
	{"Solution engineer", "售前工程师"}, {"Executive sponsor (our COO)", "我方高管赞助人（COO）"},
	{"Reference customer in the same industry", "同行业标杆客户"}, {"Implementation partner", "实施合作伙伴"},
	{"Budget for a paid pilot", "付费试点预算"}, {"Product manager for the roadmap session", "产品经理参加路线图交流"},
}

var verifications = []tx{
	{"Plant managers sponsor the pilot by January.", "一月前厂长们支持试点。"},
	{"The CFO puts the project in the FY2027 budget.", "财务总监把项目列入2027财年预算。"},
	{"IT signs off the integration design.", "IT签字确认集成方案。"},
	{"Procurement shortlists us with at most one other vendor.", "采购把我们列入最终两家候选。"},
	{"The pilot meets its three success criteria.", "试点达成三项成功标准。"},
}

var reviewStrengths = []tx{{"Strong coach in IT", "IT部门有坚定的内部教练"}, {"Clear pain with a number on it", "痛点明确且可量化"}, {"Good reference in the same industry", "同行业参考案例有力"}, {"Users liked the demo", "用户对演示反馈很好"}}
var reviewWeaknesses = []tx{{"No access to the CFO", "接触不到财务总监"}, {"Price above their benchmark", "报价高于客户预期"}, {"The incumbent is entrenched", "现有供应商根基深"}, {"Single-threaded through one contact", "只靠一个联系人"}}
var reviewGaps = []tx{{"Budget owner unclear", "预算归属不清楚"}, {"Decision criteria not written down", "决策标准未书面确认"}, {"Timing of the board meeting", "董事会开会时间未知"}, {"Who else is being evaluated", "还在评估哪些供应商"}}
var reviewChanges = []tx{{"Executive sponsor to call the CFO", "由我方高管联系财务总监"}, {"Add a paid pilot to the plan", "计划中增加付费试点"}, {"Move the close date one month later", "成交日期推后一个月"}, {"Find a second contact in operations", "在运营部门发展第二联系人"}}

var nextSteps = []tx{
	{"Contract review with legal", "与法务审核合同"}, {"Pilot kick-off meeting", "试点启动会"},
	{"Present the final proposal to the board", "向董事会汇报最终方案"}, {"Technical deep-dive with IT", "与IT做技术深度交流"},
	{"Second demo for the user team", "为用户团队做第二次演示"}, {"Agree the pilot scope", "确认试点范围"},
}

var mutualBenefits = []tx{
	{"They cut month-end close by two thirds; we win a reference customer in %s.", "客户月结时间缩短三分之二；我们获得%s行业标杆客户。"},
	{"They stop losing 40 hours a month to downtime; we land our first account in %s.", "客户每月减少40小时停机；我们拿下%s行业首个客户。"},
	{"They replace three tools with one and save on licences; we expand in %s.", "客户用一套系统替换三套并节省许可费；我们在%s行业扩大份额。"},
}

var milestones = []tx{
	{"Security review passed", "信息安全评审通过"}, {"Legal review done", "法务审核完成"}, {"Board approval", "董事会审批"},
	{"Purchase order issued", "采购下单"}, {"Contract signed", "合同签署"}, {"Pilot success criteria met", "试点达成成功标准"},
}

var handoffTo = []tx{
	{"Customer success (Liu Yang)", "客户成功团队（刘洋）"}, {"Professional services (Nora Hill)", "专业服务团队（吴霞）"},
	{"Partner: Apex Consulting", "合作伙伴：启航咨询"}, {"Support and customer success", "技术支持和客户成功团队"},
}

var handoffNotes = []tx{
	{"Phase 2 (two more plants) is expected in 2027; the CFO wants monthly value reports.", "二期（另两家工厂）预计2027年启动；财务总监要求每月价值报告。"},
	{"Go-live must not touch the year-end freeze; IT wants weekly status.", "上线须避开年底封网；IT要求每周汇报进度。"},
	{"The champion expects the first dashboard within 30 days.", "内部支持者希望30天内看到第一个看板。"},
}

var lossReasons = []tx{
	{"Could not show the shop-floor integration in time", "未能及时证明车间系统集成能力"},
	{"Our price was 30% above the winner's", "报价比中标方高30%"},
	{"The budget went to another project", "预算被挪到了其他项目"},
	{"We never reached the real decision maker", "始终没接触到真正的决策人"},
	{"The tender favoured the incumbent's architecture", "招标技术要求偏向现有供应商架构"},
}

// Lines of the meeting log written into notes.
var noteLines = []tx{
	{"Call with %s: budget discussed, no objection to the timeline.", "与%s电话沟通：讨论了预算，对时间表没有异议。"},
	{"On site with %s; walked the floor and saw the paper forms they still use.", "现场拜访%s，参观现场，看到了仍在使用的纸质单据。"},
	{"%s asked for two more references in the same industry.", "%s要求再提供两个同行业案例。"},
	{"Sent the revised proposal to %s, with the phased price.", "向%s发送了修订版方案，附分阶段报价。"},
	{"Lunch with %s; heard that the competitor cut its price by 15%%.", "与%s午餐，听说竞争对手降价15%%。"},
	{"Workshop with %s and two engineers on the data model and interfaces.", "与%s及两位工程师讨论数据模型和接口。"},
	{"%s confirmed the steering committee meets every second Tuesday.", "%s确认项目指导委员会每两周周二开会。"},
	{"Demo for %s went well; questions were about reporting and the mobile app.", "为%s做的演示效果很好，问题集中在报表和移动端。"},
	{"%s forwarded the internal memo that sets the evaluation criteria.", "%s转来了确定评估标准的内部备忘录。"},
	{"Short call with %s: the project is on hold until the budget round closes.", "与%s简短通话：预算会结束前项目暂缓。"},
	{"%s introduced us to the head of the shared service centre.", "%s介绍我们认识了共享服务中心负责人。"},
	{"Reviewed the pilot results with %s; two of three success criteria met.", "与%s复盘试点结果，三项成功标准达成两项。"},
	{"%s is worried about the change load on the team during the peak season.", "%s担心旺季期间团队难以承受变革压力。"},
	{"Met %s at the industry conference; agreed to a follow-up in two weeks.", "在行业会议上见到%s，约定两周后跟进。"},
	{"Email from %s: legal wants our standard data processing agreement.", "%s来邮件：法务需要我们的标准数据处理协议。"},
	{"Call with %s about the partner's references and availability.", "与%s沟通合作伙伴的案例和人员安排。"},
}

// Account background for notes: %s is the account's name.
var backgroundLines = []tx{
	{"%s runs four plants and a central warehouse; revenue is about 800M.", "%s有四家工厂和一个中心仓，年营收约8亿。"},
	{"They grew 20% last year, mostly through two acquisitions.", "去年增长20%，主要来自两次并购。"},
	{"The current system was installed in 2012 and is heavily customised.", "现有系统2012年上线，定制化程度很高。"},
	{"A new CFO joined in the spring and is reviewing all IT spending.", "新任财务总监今年春天到任，正在审查所有IT支出。"},
	{"Their main competitor went live with a similar project last year.", "其主要竞争对手去年上线了类似项目。"},
	{"IT reports to finance; projects above 500k need board approval.", "IT向财务汇报，50万以上的项目需董事会批准。"},
	{"Group policy prefers cloud services hosted in the region.", "集团政策倾向于境内托管的云服务。"},
	{"One business unit has used our analytics product since 2024.", "自2024年起有一个事业部在使用我们的分析产品。"},
	{"Headcount is flat; the plan is to grow without hiring in the back office.", "人员编制冻结，计划在不增加后台人员的情况下实现增长。"},
}

var openQuestions = []tx{
	{"Who owns the budget?", "预算由谁负责？"},
	{"Is there a deadline from the regulator?", "监管是否有截止日期？"},
	{"Which other vendors were invited?", "还邀请了哪些供应商？"},
	{"How was the last IT project decided?", "上一个IT项目是怎么决策的？"},
	{"Does the board need to approve?", "是否需要董事会审批？"},
	{"Who would run the project on their side?", "客户方由谁负责项目？"},
}
