"""Tag profiles (标签画像): enterprise tags computed on the graph as of a date and kept with that date.

The catalogue (`CATALOGUE`, documented in docs/tags.md) names each tag, its rule and its source. Every
rule reads the graph as it stood on the date (facts in force, payments and events dated by it), so tags
computed for 2024-12-31 stay what they were when a later load arrives; `compute_tags` stores them as
(:Enterprise)-[:HAS_TAG {as_of, value, facts}]->(:Tag {name}), replacing that date's earlier run.

Revenue is not in a bank's data, so the size tests (规上) read trade receipts from enterprises over the
twelve months to the date as the revenue proxy, and say so in each tag's facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph.analytics.guarantees import guarantee_circles
from graph.analytics.risk import NEGATIVE_ROLES, RESTRICTING_STATUSES
from graph.analytics.trade_windows import TradeWindows, Window, read_trade_windows
from graph.business_date import resolve_as_of
from graph.store import GraphStore, Row
from liantu.errors import InvalidInput, NotFound
from liantu.laps import Laps

EFFECTIVE_BALANCE = 500_000.0  # DOMAIN.md 有效户 for enterprises, as the synthetic world uses
THRESHOLD_FLOOR = 0.8  # 临界户: at least 80% of the effective balance, and below it
WINDOW_DAYS = 365  # revenue proxy, trade ties
EVENT_YEARS = 3  # how far back a case or penalty still marks an enterprise
DORMANT_DAYS = 180  # no payment in or out for six months
NEW_DAYS = 365  # registered within a year
# 核心企业: the centre of a supply chain trades with many firms both ways. 8 distinct counterparties in a
# year tags 17 enterprises of the tiny synthetic world of seed 7, 11 of its 12 planted cores among them.
CORE_MIN_COUNTERPARTIES = 8
HUB_TOP_SHARE = 0.05
RISK_HIGH = 0.5
TRADE_WINDOW = "tags: the year to D"
ENFORCEMENT_TYPES = ("执", "执恢", "执保", "执异", "执复", "执监")
MAX_LIST = 1000


@dataclass(frozen=True)
class TagDef:
    name: str
    label: str
    rule: str
    source: str


def _defs(*items: tuple[str, str, str, str]) -> dict[str, TagDef]:
    return {name: TagDef(name, label, rule, source) for name, label, rule, source in items}


# Thresholds of 规模以上 / 限额以上 on annual main-business (营业) revenue, yuan, by GB/T 4754-2017 code
# prefix, longest prefix first. National Bureau of Statistics rules in force since 2011 (industry) and
# for services as published by NBS (see docs/tags.md for the citations). Construction (E) and real-estate
# development (K701) count by qualification or activity, which a bank's data do not hold: no 规上 tag.
ABOVE_SCALE: list[tuple[str, float, str]] = [
    ("K702", 10_000_000, "物业管理"), ("K703", 10_000_000, "房地产中介服务"),
    ("K704", 10_000_000, "房地产租赁经营"), ("K709", 10_000_000, "其他房地产业"),
    ("F51", 20_000_000, "批发业 (限额以上)"), ("F52", 5_000_000, "零售业 (限额以上)"),
    ("Q83", 20_000_000, "卫生"), ("Q84", 5_000_000, "社会工作"),
    ("B", 20_000_000, "工业"), ("C", 20_000_000, "工业"), ("D", 20_000_000, "工业"),
    ("G", 20_000_000, "交通运输、仓储和邮政业"), ("I", 20_000_000, "信息传输、软件和信息技术服务业"),
    ("N", 20_000_000, "水利、环境和公共设施管理业"), ("H", 2_000_000, "住宿和餐饮业 (限额以上)"),
    ("L", 10_000_000, "租赁和商务服务业"), ("M", 10_000_000, "科学研究和技术服务业"), ("P", 10_000_000, "教育"),
    ("O", 5_000_000, "居民服务、修理和其他服务业"), ("R", 5_000_000, "文化、体育和娱乐业"),
]

CATALOGUE = _defs(
    ("above_scale", "规上 (规模以上/限额以上)",
     "trade receipts from enterprises over the 12 months to D (revenue proxy) reach the NBS threshold of "
     "its industry (docs/tags.md table)", "payments (TXN), industry_code"),
    ("size_large", "大型企业", "registry 企业规模 is 大型", "enterprises.scale"),
    ("size_medium", "中型企业", "registry 企业规模 is 中型", "enterprises.scale"),
    ("size_small", "小型企业", "registry 企业规模 is 小型", "enterprises.scale"),
    ("size_micro", "微型企业", "registry 企业规模 is 微型", "enterprises.scale"),
    ("core_enterprise", "核心企业",
     f">= {CORE_MIN_COUNTERPARTIES} distinct trade counterparties (buyers and suppliers) in the 12 months to D",
     "payments (TXN)"),
    ("upstream_of_core_customer", "核心客户上游",
     "paid for goods by a core enterprise that is our customer in the 12 months to D", "payments, customers"),
    ("downstream_of_core_customer", "核心客户下游",
     "pays a core enterprise that is our customer in the 12 months to D", "payments, customers"),
    ("group_member", "集团成员",
     "holds or is held >= 50% by another enterprise on D, or shares a >= 50% holder with one",
     "shareholdings in force on D"),
    ("in_guarantee_circle", "担保圈",
     "member of a guarantee structure (mutual, circle, chain, cross, focus) of the guarantees in force on D",
     "guarantees, graph/analytics/guarantees.py"),
    ("litigation_defendant", "涉诉 (被告/被执行人)",
     f"a party in a negative role (被告, 被执行人, ...) of a court case dated in the {EVENT_YEARS} years to D",
     "court documents (PARTY_IN)"),
    ("restricted", "被执行/限制消费",
     "被执行人 of an enforcement case (执, 执恢, 执保 ...) dated by D whose status still restricts",
     "court documents (PARTY_IN, case status)"),
    ("penalised", "行政处罚", f"penalised by a regulator in the {EVENT_YEARS} years to D", "penalty documents"),
    ("newly_registered", "新注册企业", f"established in the {NEW_DAYS} days to D", "enterprises.established"),
    ("threshold_customer", "临界户",
     f"enterprise customer whose latest monthly average balance by D is in [{THRESHOLD_FLOOR:.0%}, 100%) of "
     f"{EFFECTIVE_BALANCE:,.0f} CNY (有效户 line)", "balances"),
    ("dormant_customer", "睡眠客户",
     f"enterprise customer with no payment in or out in the {DORMANT_DAYS} days to D", "payments, customers"),
    ("hub", "重要节点 (PageRank)",
     f"in the top {HUB_TOP_SHARE:.0%} by the weighted PageRank last written by `liantu hubs compute` "
     "(value: the score; the score is the latest computed, not recomputed for D)", "Enterprise.pagerank"),
    ("risk_high", "风险传导高",
     f"risk diffusion score >= {RISK_HIGH} as last written by the risk analytic (value: the score; latest "
     "computed, not recomputed for D)", "Enterprise.risk_diffusion"),
)
SCALE_TAGS = {"大型": "size_large", "中型": "size_medium", "小型": "size_small", "微型": "size_micro"}


@dataclass
class TagRun:
    as_of: str
    counts: dict[str, int]
    enterprises_tagged: int
    seconds: dict[str, float] = field(default_factory=dict)  # per part of the run, in the order run


@dataclass
class EnterpriseTag:
    tag: str
    label: str
    value: float | None
    facts: str
    rule: str


@dataclass
class EnterpriseTags:
    uscc: str
    as_of: str | None  # the date the tags were computed for (None: never computed by then)
    tags: list[EnterpriseTag]


@dataclass
class TaggedEnterprise:
    uscc: str
    name: str
    industry_code: str | None
    region_code: str | None
    customer_no: str | None
    branch_code: str | None
    rm_id: str | None
    value: float | None
    facts: str


@dataclass
class TaggedEnterprises:
    tag: str
    label: str
    rule: str
    as_of: str | None
    filters: dict[str, str | None]
    enterprises: list[TaggedEnterprise] = field(default_factory=list)


class _Tags:
    def __init__(self) -> None:
        self.found: dict[tuple[str, str], tuple[float | None, str]] = {}

    def add(self, uscc: str, tag: str, facts: str, value: float | None = None) -> None:
        self.found.setdefault((uscc, tag), (value, facts))

    def rows(self, day: str) -> list[dict[str, object]]:
        return [{"key": f"{u}|{t}|{day}", "uscc": u, "tag": t, "value": v, "facts": f}
                for (u, t), (v, f) in sorted(self.found.items())]


def above_scale_threshold(industry_code: str | None, section: str | None) -> tuple[float, str] | None:
    code = (industry_code or section or "").upper()
    for prefix, threshold, label in ABOVE_SCALE:
        if code.startswith(prefix):
            return threshold, label
    return None


def trade_windows(day: date) -> dict[str, Window]:
    """The trade window the tags read (the nightly run reads it with the alerts' in one pass)."""
    return {TRADE_WINDOW: (day - timedelta(days=WINDOW_DAYS), day)}


def _trade_tags(tags: _Tags, day: date, customers: set[str], facts: list[Row], trade: TradeWindows) -> None:
    since = (day - timedelta(days=WINDOW_DAYS)).isoformat()
    receipts: dict[str, float] = defaultdict(float)
    buyers: dict[str, set[str]] = defaultdict(set)
    suppliers: dict[str, set[str]] = defaultdict(set)
    for payer, payee, total, _ in trade.pairs(TRADE_WINDOW):
        receipts[payee] += total
        buyers[payee].add(payer)
        suppliers[payer].add(payee)
    core = {u for u in set(buyers) | set(suppliers) if len(buyers[u] | suppliers[u]) >= CORE_MIN_COUNTERPARTIES}
    for u in sorted(core):
        n = len(buyers[u] | suppliers[u])
        tags.add(u, "core_enterprise", f"{n} trade counterparties ({len(buyers[u])} buyers, {len(suppliers[u])} "
                 f"suppliers), receipts {receipts[u]:,.2f} CNY in ({since}, {day}]", float(n))
    core_customers = core & customers
    for payer, payee, total, payments in trade.pairs(TRADE_WINDOW):
        if payer in core_customers:
            tags.add(payee, "upstream_of_core_customer",
                     f"supplies core customer {payer}: {total:,.2f} CNY in {payments} payments in ({since}, {day}]",
                     total)
        if payee in core_customers:
            tags.add(payer, "downstream_of_core_customer",
                     f"buys from core customer {payee}: {total:,.2f} CNY in {payments} payments in ({since}, {day}]",
                     total)
    for row in facts:
        u = row["uscc"]
        rule = above_scale_threshold(row["industry_code"], row["industry_section"])
        if rule is not None and receipts.get(u, 0.0) >= rule[0]:
            tags.add(u, "above_scale", f"trade receipts {receipts[u]:,.2f} CNY in ({since}, {day}] (revenue proxy) "
                     f">= {rule[0]:,.0f} for {rule[1]} ({row['industry_code'] or row['industry_section']})",
                     receipts[u])
        scale_tag = SCALE_TAGS.get(row["scale"] or "")
        if scale_tag:
            tags.add(u, scale_tag, f"registry 企业规模 {row['scale']}")
        if row["established"] and date.fromisoformat(row["established"]) > day - timedelta(days=NEW_DAYS):
            tags.add(u, "newly_registered", f"established {row['established']}")
        _score_tags(tags, row)


def _score_tags(tags: _Tags, row: dict[str, object]) -> None:
    risk = row["risk_diffusion"]
    if isinstance(risk, float) and risk >= RISK_HIGH:
        tags.add(str(row["uscc"]), "risk_high", f"risk diffusion score {risk:.3f} >= {RISK_HIGH}", risk)


def _hub_tags(tags: _Tags, facts: list[Row]) -> None:
    ranked = [(r["uscc"], r["pagerank"], r["pagerank_rank"]) for r in facts if r["pagerank_rank"] is not None]
    top = max(1, int(len(ranked) * HUB_TOP_SHARE)) if ranked else 0
    for uscc, score, rank in ranked:
        if rank <= top:
            tags.add(uscc, "hub", f"PageRank rank {rank} of {len(ranked)} (top {HUB_TOP_SHARE:.0%})", float(score))


def _group_tags(store: GraphStore, tags: _Tags, day: date) -> None:
    by_person: dict[str, list[str]] = defaultdict(list)
    for r in store.read("tags/read_majority_links", {"as_of": day.isoformat()}):
        if r["holder_kind"] == "E":
            tags.add(r["holder_id"], "group_member", f"holds {float(r['ratio']):.0%} of {r['company']}")
            tags.add(r["company"], "group_member", f"{float(r['ratio']):.0%} held by {r['holder_id']}")
        else:
            by_person[r["holder_id"]].append(r["company"])
    for person, companies in by_person.items():
        if len(companies) >= 2:
            for c in companies:
                others = ", ".join(o for o in sorted(companies) if o != c)
                tags.add(c, "group_member", f"its >= 50% holder (person {person[:8]}) also holds >= 50% of {others}")


def _circle_tags(store: GraphStore, tags: _Tags, day: date) -> None:
    report = guarantee_circles(store, as_of=day.isoformat(), limit=100_000)
    for s in report.structures:
        for m in s.members:
            tags.add(m, "in_guarantee_circle", f"{s.type} {s.structure_id}: {len(s.members)} members, "
                     f"{s.guarantee_count} guarantees, {s.total_amount:,.2f} CNY", s.total_amount)


def _event_tags(store: GraphStore, tags: _Tags, day: date) -> None:
    since = date(day.year - EVENT_YEARS, day.month, min(day.day, 28)).isoformat()
    for r in store.read("tags/read_negative_events", {"since": since, "until": day.isoformat(),
                                                      "roles": list(NEGATIVE_ROLES), "include_undated": False}):
        when = r["date"]
        if r["kind"] == "penalty":
            tags.add(r["uscc"], "penalised", f"penalty {r['reference']} of {when}")
            continue
        tags.add(r["uscc"], "litigation_defendant", f"{r['role']} in {r['reference']} ({when})")
    # A restriction lasts while the case restricts, however old it is.
    for r in store.read("tags/read_negative_events", {"since": "0001-01-01", "until": day.isoformat(),
                                                      "roles": ["被执行人"], "include_undated": True}):
        if r["kind"] == "court_case" and (r["case_type"] or "") in ENFORCEMENT_TYPES \
                and (r["status"] is None or r["status"] in RESTRICTING_STATUSES):
            tags.add(r["uscc"], "restricted", f"被执行人 in {r['reference']} ({r['date'] or 'undated'}), status "
                     f"{r['status'] or 'active'}")


def _customer_tags(store: GraphStore, tags: _Tags, day: date) -> set[str]:
    since = (day - timedelta(days=DORMANT_DAYS)).isoformat()
    found: set[str] = set()
    for r in store.read("tags/read_enterprise_customers", {"month": f"{day:%Y-%m}", "as_of": day.isoformat(),
                                                          "since": since}):
        found.add(r["uscc"])
        balance = r["balance"]
        if balance is not None and THRESHOLD_FLOOR * EFFECTIVE_BALANCE <= float(balance) < EFFECTIVE_BALANCE:
            tags.add(r["uscc"], "threshold_customer", f"customer {r['customer_no']}: average balance "
                     f"{float(balance):,.2f} CNY in {r['month']}, {EFFECTIVE_BALANCE - float(balance):,.2f} short of "
                     f"{EFFECTIVE_BALANCE:,.0f}", float(balance))
        if not r["active"]:
            tags.add(r["uscc"], "dormant_customer", f"customer {r['customer_no']}: no payment in or out in "
                     f"({since}, {day}]")
    return found


def compute_tags(store: GraphStore, as_of: str | None = None, *, trade: TradeWindows | None = None) -> TagRun:
    """Compute every tag of the catalogue as of a date (default: the business date) and store them. `trade`:
    the trade windows already read for this date (`trade_windows`), else they are read here."""
    day_s = resolve_as_of(store, as_of)
    day = date.fromisoformat(day_s)
    lap = Laps()

    tags = _Tags()
    customers = _customer_tags(store, tags, day)
    lap("customers (threshold, dormant)")
    facts = store.read("tags/read_enterprise_facts", {"as_of": day_s})
    lap("enterprise facts")
    window = trade_windows(day)
    if trade is None or not trade.has(TRADE_WINDOW, window[TRADE_WINDOW]):
        trade = read_trade_windows(store, window)
        lap("trade of the year")
    _trade_tags(tags, day, customers, facts, trade)
    _hub_tags(tags, facts)
    lap("trade, size, hub and score tags")
    _group_tags(store, tags, day)
    lap("group_member")
    _circle_tags(store, tags, day)
    lap("in_guarantee_circle")
    _event_tags(store, tags, day)
    lap("events")
    _store(store, day_s, tags, lap)
    counts: dict[str, int] = dict.fromkeys(CATALOGUE, 0)
    for _, tag in tags.found:
        counts[tag] += 1
    return TagRun(day_s, counts, len({u for u, _ in tags.found}), lap.seconds)


def _clear_date(store: GraphStore, day_s: str) -> int:
    """Delete the tags of one date, 10,000 a transaction; how many were deleted."""
    deleted = 0
    while batch := store.write("tags/clear_tags", {"as_of": day_s, "limit": 10_000}).counters.get(
            "relationships_deleted", 0):
        deleted += batch
    return deleted


def _store(store: GraphStore, day_s: str, tags: _Tags, lap: Callable[[str], None]) -> None:
    _clear_date(store, day_s)
    lap("clear the date's tags")
    store.write_rows("tags/merge_tags", tags.rows(day_s), extra={"as_of": day_s})
    lap("write")


# Tags are kept per date they were computed for, so a past profile reads as it was; every night adds a
# whole set (about 440,000 HAS_TAG on the large world). Kept: every date of the last KEEP_DAYS, and before
# them the last date computed in each month (the month-end profile banks report on).
KEEP_DAYS = 35


@dataclass
class TagPrune:
    kept_from: str  # every date from this one on is kept
    dates_deleted: list[str]
    relationships_deleted: int


def prune_tags(store: GraphStore, as_of: str | None = None, *, keep_days: int = KEEP_DAYS) -> TagPrune:
    """Delete the tags of dates older than `keep_days` before `as_of` (default: the business date), except
    the last date computed in each month; in transactions of at most 10,000 relationships."""
    if keep_days < 0:
        raise InvalidInput(f"keep_days must be 0 or more, not {keep_days}")
    day = date.fromisoformat(resolve_as_of(store, as_of))
    cutoff = day - timedelta(days=keep_days)
    earliest = store.read("tags/get_earliest_date")
    out = TagPrune(cutoff.isoformat(), [], 0)
    if not earliest or earliest[0]["as_of"] is None or date.fromisoformat(earliest[0]["as_of"]) >= cutoff:
        return out
    start = date.fromisoformat(earliest[0]["as_of"])
    # The last computed date of the cutoff's month may lie after the cutoff: then that month's older dates
    # are dailies too, so the search runs to the month's end.
    month_end = (cutoff.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    days = [(start + timedelta(days=k)).isoformat() for k in range((month_end - start).days + 1)]
    computed: list[str] = []
    for k in range(0, len(days), 1000):
        computed += [r["as_of"] for r in store.read("tags/read_dates_with_tags", {"days": days[k:k + 1000]})]
    last_of_month: dict[str, str] = {}
    for d in computed:
        last_of_month[d[:7]] = max(d, last_of_month.get(d[:7], d))
    for d in computed:
        if d < out.kept_from and last_of_month[d[:7]] != d:
            out.dates_deleted.append(d)
            out.relationships_deleted += _clear_date(store, d)
    return out


def _computed_date(store: GraphStore, as_of: str | None) -> str | None:
    day = resolve_as_of(store, as_of)
    return _opt(store.read("tags/get_latest_date", {"as_of": day})[0]["as_of"])


def enterprise_tags(store: GraphStore, uscc: str, as_of: str | None = None) -> EnterpriseTags:
    """The tags of one enterprise from the latest computation on or before `as_of` (default: business date)."""
    if not store.read("enterprises/get_enterprise", {"uscc": uscc}):
        raise NotFound(f"no enterprise with USCC {uscc}")
    day = _computed_date(store, as_of)
    rows = store.read("tags/read_enterprise_tags", {"uscc": uscc, "as_of": day}) if day else []
    return EnterpriseTags(uscc, day, [_tag(r["tag"], r["value"], r["facts"]) for r in rows])


def _tag(name: str, value: float | None, facts: str) -> EnterpriseTag:
    d = CATALOGUE.get(name)
    return EnterpriseTag(name, d.label if d else name, value, facts, d.rule if d else "")


def tagged_enterprises(store: GraphStore, tag: str, *, as_of: str | None = None, branch: str | None = None,
                       rm: str | None = None, industry: str | None = None, region: str | None = None,
                       limit: int = 100) -> TaggedEnterprises:
    """Enterprises with a tag (latest computation on or before `as_of`), filtered by branch/RM/industry/region."""
    if tag not in CATALOGUE:
        raise InvalidInput(f"unknown tag {tag!r}; choose from {', '.join(CATALOGUE)}")
    if not 1 <= limit <= MAX_LIST:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIST}")
    d = CATALOGUE[tag]
    filters = {"branch": branch, "rm": rm, "industry": industry, "region": region}
    day = _computed_date(store, as_of)
    result = TaggedEnterprises(tag, d.label, d.rule, day, filters)
    if day is None:
        return result
    rows: Iterable[dict[str, object]] = store.read("tags/list_tagged_enterprises", {
        "tag": tag, "as_of": day, "limit": limit, **filters})
    result.enterprises = [TaggedEnterprise(str(r["uscc"]), str(r["name"] or ""), _opt(r["industry_code"]),
                                           _opt(r["region_code"]), _opt(r["customer_no"]), _opt(r["branch_code"]),
                                           _opt(r["rm_id"]), _num(r["value"]), str(r["facts"] or ""))
                          for r in rows]
    return result


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
