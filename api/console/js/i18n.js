// Chinese by default, English on request; the choice (not the key) is remembered in localStorage.
const LANG = "liantu.lang";

const zh = {
  copy: "复制", loading: "正在加载…", signin: "登录", signout: "退出", key: "API 密钥",
  signinHelp: "请输入行内分配给您的 API 密钥。密钥只保存在本浏览器标签页中，关闭即清除。",
  signinBad: "无法登录", role: "角色", roles: { rm: "客户经理", risk: "风险经理", admin: "管理员" },
  nav: { search: "查询", leads: "我的线索", risk: "风险视图", restricted: "限制名单", paths: "找关系" },
  err: {
    0: "无法连接链图服务，请检查网络或稍后再试。", 401: "API 密钥无效或已失效，请重新登录。",
    403: "您的角色无权查看此内容。如需访问，请联系系统管理员开通权限。", 404: "未找到所查对象。", 422: "输入有误，请检查后重试。",
    503: "图数据库暂时不可用，请稍后再试。", other: "服务出错，请稍后再试或联系系统管理员。",
    server: "服务说明", retry: "重试",
  },
  search: {
    title: "查询企业或个人", placeholder: "企业名称的一部分、曾用名、统一社会信用代码或人员编号", go: "查询",
    all: "全部", enterprise: "企业", person: "个人", none: "没有找到匹配的企业或个人。换个写法试试（简称、曾用名、信用代码）。",
    hint: "全角/半角、中英文括号和空格不影响匹配。", enterprises: "企业", persons: "个人",
    formerMatch: "曾用名匹配", usccMatch: "信用代码匹配", worksAt: "任职/持股",
  },
  badge: { customer: "我行客户", hub: "核心枢纽", negative: "负面事件", circle: "担保圈", rm: "客户经理", tier: "等级", controller: "实际控制人", focus: "当前" },
  ent: {
    card: "企业信息", uscc: "统一社会信用代码", former: "曾用名", form: "企业类型", capital: "注册资本",
    established: "成立日期", status: "登记状态", industry: "行业", region: "地区", address: "地址",
    legalRep: "法定代表人", customerNo: "客户号", tier: "客户等级", rm: "客户经理", pagerank: "枢纽排名",
    paidIn: "收款合计", paidOut: "付款合计", graph: "关系图谱", table: "关系明细", risk: "风险视图",
    pathFrom: "从此找关系", person: "个人", personId: "人员编号", notCustomer: "非我行客户",
    kinds: "关系类型", minAmount: "最低金额（万元）", fit: "适应窗口", png: "导出 PNG", expand: "展开",
    open: "打开", legend: "图例", clickHint: "点击节点展开一圈关系；拖动节点，滚轮缩放。",
    noTies: "没有符合筛选条件的关系。", truncated: "部分关系只显示金额或持股最大的前 {n} 条：{kinds}",
    counterpart: "对方", relation: "关系", amount: "金额", shareCol: "占比/持股", roleCol: "职务", dates: "日期",
    expanded: "已展开 {name}：新增 {n} 个节点", via: "经",
  },
  tie: {
    supplier: "供应商", buyer: "客户（买方）", owner: "股东", investment: "对外投资", guarantor: "为其担保",
    guaranteed: "被其担保", officer: "高管", legal_rep: "法定代表人",
  },
  legend: { enterprise: "企业", person: "个人", customer: "我行客户（绿框）", negative: "负面事件（红框）", focus: "当前查看", controller: "实际控制人" },
  leads: {
    title: "我的线索", rm: "客户经理编号", type: "线索类型", show: "查看", rank: "排名", name: "企业", score: "得分",
    reasons: "推荐理由", path: "关系路径", status: "跟进状态", assigned: "分配给", none: "该客户经理暂无此类线索。",
    types: { chain: "沿链营销", new_registration: "新注册企业", threshold: "临界户", uplift: "提升潜力" },
    statuses: { contacted: "已联系", converted: "已转化", not_interested: "无意向" },
    marked: "已记录：{name} — {status}", needRm: "请输入客户经理编号。", formula: "评分公式",
    campaigns: "营销活动", noCampaigns: "暂无营销活动。", history: "跟进记录", noHistory: "尚无记录。", arms: "实验组 / 对照组",
  },
  risk: {
    title: "风险视图", uscc: "统一社会信用代码", asOf: "截至日期（留空为今天）", show: "查看",
    control: "控制链（实际控制人）", noController: "未认定实际控制人。", rule: "认定规则", stake: "综合持股",
    bo: "受益所有人", noBo: "无受益所有人记录。", structures: "担保结构", noStructures: "该企业不在任何担保结构中。",
    cycle: "担保环（红色高亮）", exposure: "代偿压力测试（假设该企业违约）", noExposure: "无担保人受影响。",
    atRisk: "风险金额", depth: "层级", loops: "资金闭环", noLoops: "未发现资金闭环。", payments: "笔付款",
    cases: "司法案件", noCases: "无司法案件。", penalties: "行政处罚", noPenalties: "无行政处罚。",
    source: "来源文书", span: "抽取位置", noText: "该文书在保存原文之前载入，请重新载入文书后查看原文。",
    showText: "查看原文", sourceText: "文书原文（抽取内容高亮）", pickText: "点击案件或处罚的“查看原文”，在此显示文书原文及抽取位置。",
    thisParty: "本企业", hl: { this: "本企业", entity: "当事人 / 机关", amount: "金额", fact: "其他抽取项" },
    overview: "风险概览", diffusion: "风险传导得分", events: "自身负面事件", extension: "法定关联限制",
    restricted: "限制高消费名单", noRestricted: "名单为空。", basis: "依据", debtor: "被执行人",
    total: "合计", type: "类型", members: "成员", span2: "时间跨度", ratio: "回流比",
  },
  paths: {
    title: "找关系", from: "起点", to: "终点", placeholder: "企业名称、信用代码或人员编号", hops: "最多跳数",
    go: "查找", none: "在所选跳数内没有找到关系路径。", resolved: "按名称选取：{name}", path: "路径 {n}（{hops} 跳）",
    notFound: "找不到“{q}”。",
  },
};

const en = {
  copy: "Copy", loading: "Loading…", signin: "Sign in", signout: "Sign out", key: "API key",
  signinHelp: "Enter the API key the bank issued to you. It is kept in this browser tab only and cleared when you close it.",
  signinBad: "Could not sign in", role: "Role", roles: { rm: "Relationship manager", risk: "Risk officer", admin: "Administrator" },
  nav: { search: "Search", leads: "My leads", risk: "Risk view", restricted: "Restricted list", paths: "Path finder" },
  err: {
    0: "The Liantu service cannot be reached. Check the network or try again later.",
    401: "The API key is not valid or has expired. Please sign in again.",
    403: "Your role is not allowed to see this. Ask the administrator for access if you need it.", 404: "Not found.", 422: "Some input is not valid. Please check it and try again.",
    503: "The graph database is unavailable for the moment. Please try again later.",
    other: "The service failed. Please try again later or contact the administrator.", server: "Service says", retry: "Retry",
  },
  search: {
    title: "Search enterprises or persons", placeholder: "Part of a name, a former name, a USCC or a person id", go: "Search",
    all: "All", enterprise: "Enterprises", person: "Persons",
    none: "Nothing matches. Try another form (short name, former name, USCC).",
    hint: "Full-/half-width characters, brackets and spaces do not matter.", enterprises: "Enterprises", persons: "Persons",
    formerMatch: "former name", usccMatch: "USCC", worksAt: "Roles and holdings",
  },
  badge: { customer: "Customer", hub: "Hub", negative: "Negative events", circle: "Guarantee circle", rm: "RM", tier: "Tier", controller: "Actual controller", focus: "Focus" },
  ent: {
    card: "Enterprise", uscc: "USCC", former: "Former names", form: "Legal form", capital: "Registered capital",
    established: "Established", status: "Status", industry: "Industry", region: "Region", address: "Address",
    legalRep: "Legal representative", customerNo: "Customer no.", tier: "Tier", rm: "RM", pagerank: "Hub rank",
    paidIn: "Received in total", paidOut: "Paid in total", graph: "Relationship graph", table: "Ties",
    risk: "Risk view", pathFrom: "Find a path from here", person: "Person", personId: "Person id", notCustomer: "Not a customer",
    kinds: "Tie kinds", minAmount: "Minimum amount (10k CNY)", fit: "Fit", png: "Export PNG", expand: "Expand",
    open: "Open", legend: "Legend", clickHint: "Click a node to expand one more ring; drag nodes, scroll to zoom.",
    noTies: "No tie matches the filter.", truncated: "Only the {n} largest ties are shown for: {kinds}",
    counterpart: "Party", relation: "Tie", amount: "Amount", shareCol: "Share / stake", roleCol: "Role", dates: "Dates",
    expanded: "Expanded {name}: {n} new nodes", via: "via",
  },
  tie: {
    supplier: "Supplier", buyer: "Buyer", owner: "Shareholder", investment: "Investment", guarantor: "Guarantor",
    guaranteed: "Guarantees", officer: "Officer", legal_rep: "Legal representative",
  },
  legend: { enterprise: "Enterprise", person: "Person", customer: "Our customer (green)", negative: "Negative events (red)", focus: "Focus", controller: "Actual controller" },
  leads: {
    title: "My leads", rm: "RM id", type: "Lead type", show: "Show", rank: "#", name: "Enterprise", score: "Score",
    reasons: "Reasons", path: "Path", status: "Status", assigned: "Assigned to", none: "No leads of this type for this RM.",
    types: { chain: "Along the chain", new_registration: "New registrations", threshold: "Near threshold", uplift: "Uplift" },
    statuses: { contacted: "Contacted", converted: "Converted", not_interested: "Not interested" },
    marked: "Recorded: {name} — {status}", needRm: "Enter an RM id.", formula: "Score formula",
    campaigns: "Campaigns", noCampaigns: "No campaigns yet.", history: "History", noHistory: "Nothing recorded yet.", arms: "Treatment / control",
  },
  risk: {
    title: "Risk view", uscc: "USCC", asOf: "As of (empty: today)", show: "Show",
    control: "Control chain (actual controller)", noController: "No actual controller found.", rule: "Rule", stake: "Integrated stake",
    bo: "Beneficial owners", noBo: "No beneficial owner recorded.", structures: "Guarantee structures",
    noStructures: "This enterprise is in no guarantee structure.", cycle: "Guarantee cycle (red)",
    exposure: "Exposure stress test (if it defaults)", noExposure: "No guarantor is exposed.", atRisk: "At risk", depth: "Depth",
    loops: "Circular fund flows", noLoops: "No circular fund flow found.", payments: "payments",
    cases: "Court cases", noCases: "No court case.", penalties: "Penalties", noPenalties: "No penalty.",
    source: "Source document", span: "Extracted span", noText: "This document was loaded before texts were kept: load it again to see its text.",
    showText: "Source text", sourceText: "Source text (extracted spans highlighted)", pickText: "Click “Source text” on a case or penalty to read it here with what was extracted highlighted.",
    thisParty: "this enterprise", hl: { this: "this enterprise", entity: "party / authority", amount: "amount", fact: "other fact" },
    overview: "Risk overview", diffusion: "Diffusion score", events: "Own negative events", extension: "Legal extension",
    restricted: "Restricted list", noRestricted: "The list is empty.", basis: "Basis", debtor: "Debtor",
    total: "Total", type: "Type", members: "Members", span2: "Span", ratio: "Return ratio",
  },
  paths: {
    title: "Path finder", from: "From", to: "To", placeholder: "Name, USCC or person id", hops: "Max hops",
    go: "Find", none: "No path within the chosen number of hops.", resolved: "Picked by name: {name}", path: "Path {n} ({hops} hops)",
    notFound: "Nothing found for “{q}”.",
  },
};

const DICTS = { zh, en };

export function lang() { return localStorage.getItem(LANG) === "en" ? "en" : "zh"; }
export function setLang(value) { localStorage.setItem(LANG, value); document.documentElement.lang = value === "en" ? "en" : "zh-CN"; }

// t("ent.card") or t("ent.truncated", {n: 50}); a missing key shows itself, never an empty label.
export function t(path, vars = {}) {
  let value = path.split(".").reduce((node, part) => (node == null ? undefined : node[part]), DICTS[lang()]);
  if (value === undefined) return path;
  if (typeof value === "string") value = value.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
  return value;
}
