"""Evaluate the nlp extractors: per-field precision, recall and F1, and throughput.

    .venv/bin/python benchmarks/eval_nlp.py [--data ../shared/data] [--synthetic DIR]

Sets (each skipped with a message when absent):
  cbrc60   the 60 CBRC disclosure tables; reference = their scraped .fields.json, and for fines a
           hand-labelled total (CBRC60_FINE_GOLD_TEXT below).
  cbrc_csv the 9,882 CSV records rendered into the same table layout; reference = the cells as
           scraped (noise included). Fines: agreement with a separate plain-pattern reader on the
           records whose 处罚内容 is one plain fine (not gold; says how the extractor reads real cells).
  cail     CAIL private-lending party sections, (role, name) against hand-reviewed lists below.
  cjrc     CJRC human answers: guarantor names and money amounts.
  synth    a synthetic corpus (documents/*.txt + documents_truth.jsonl) when --synthetic is given.
Comparisons are exact after trimming surrounding whitespace; nothing else is normalised except
reference dates (to ISO) and the empty markers the scraper left (—, /, 无).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.dates import find_dates  # noqa: E402
from nlp.errors import ExtractionError  # noqa: E402
from nlp.extract import extract_file, extract_text  # noqa: E402
from nlp.models import Extraction  # noqa: E402
from nlp.numerals import NumeralError, parse_amount  # noqa: E402

CAIL_PARTY_GOLD_TEXT = """
scm_001 原告:牛某1 被告:山西智伟基业房地产开发有限公司 被告:冯某1 被告:康某1
scm_002 原告:陈某1 被告:浙江鼎缘旅游开发有限公司
scm_003 原告:吴某1 被告:安阳保鑫置业有限公司
scm_004 原告:刘某1 被告:宿迁市华瑞塑业有限公司
scm_005 原告:周某1 被告:咸宁市海拓制冷设备有限公司 被告:陈某1
scm_006 原告:陈某1 被告:浙江暨阳建设集团有限公司 被告:海南暨阳房地产开发有限公司
scm_007 原告:武某1 被告:西峡县宏雨轻钢彩板有限公司 被告:林某1 被告:赵某1
scm_008 原告:陕西创业建筑劳务有限责任公司 被告:陕西安禧置业有限公司
scm_009 原告:浏阳市镇头建筑园林有限责任公司 被告:钟某1
scm_010 原告:王某1 被告:太原市立志科技有限公司
scm_011 原告:王某1 被告:吁某1 被告:南京吁某1餐饮有限公司
scm_012 原告:陆某1 被告:陶某1 被告:北京中映腾盛文化传播有限公司
scm_013 原告:肖某1 被告:筠连县筠昌木业有限责任公司
scm_014 原告:刘某1 被告:河南省乐农牧业有限公司
scm_015 原告:王某1 被告:榆树市振邦房地产开发有限公司 被告:王某2
scm_016 原告:汤某1 被告:范某1 被告:张家口鑫海超硬材料有限公司 被告:寇某1
scm_017 原告:邓某1 被告:曾某1 被告:古某1 被告:唐某1 被告:曾某2 被告:曾某3
scm_018 原告:陈某1 被告:楼某1
scm_019 原告:张某1 被告:王某1 被告:周某1 被告:王某2
scm_020 原告:谬某1 被告:丁某1 被告:丁某2
scm_021 原告:杨某1 被告:嗦某1 被告:韦某1
scm_022 原告:张某1 被告:金某1 被告:徐某1 被告:蒋某1
scm_023 原告:苏某1 被告:许某1 被告:杨某1
scm_024 原告:任某1 被告:林某1
scm_025 原告:董某1 被告:邵某1 被告:翁江艳
scm_026 原告:田某1 被告:刘某1 被告:苗某1
scm_027 原告:钟某1 被告:陈某1 被告:徐某1
scm_028 原告:赖某1 被告:朱某1 被告:张某1
scm_029 原告:李某1 被告:李某2 被告:高某1 被告:姬某1
scm_030 原告:张某1 被告:刘某1 被告:陈某1 被告:马某1 被告:邢某1
scm_031 原告:史某1 被告:刘某1 被告:吴某1
scm_032 原告:要玉振 被告:李某1 被告:张某1
scm_033 原告:陈某1 被告:万某1 被告:万某2
scm_034 原告:贵某1 被告:原某1 被告:牛某1
scm_035 原告:程某1 被告:茹某1 被告:王某1
scm_036 原告:郭某1 被告:樊某1 被告:刘某1 被告:王某1
scm_037 原告:吴某1 被告:罗某1 被告:何某1
scm_038 原告:唐某1 被告:张某1 被告:靳某1
scm_039 原告:钱某1 被告:赵某1 被告:葛某1
scm_040 原告:许某1 被告:白某1 被告:牛某1 被告:王某1 被告:吕某1
"""

CBRC60_FINE_GOLD_TEXT = """
001=200000 002=200000 003=200000 004=210000 005=200000 006=1100000 007=400000 008=200000
009=300000 010=200000 011=300000 012=300000 013=200000 014=200000 015=350000 016=200000
017=250000 018=200000 019=200000 020=100000 021=700000 022=300000 023=400000 024=900000
025=400000 026=200000 027=200000 028=490000 029=400000 030=400000 031=200000 032=800000
033=500000 034=200000 035=200000 036=200000 037=500000 038=200000 039=400000 040=1300000
041=- 042=100000 043=50000 044=90000 045=- 046=50000 047=60000 048=-
049=- 050=- 051=- 052=- 053=50000 054=- 055=- 056=-
057=- 058=350000 059=300000 060=-
"""

EMPTY = {"", "—", "——", "-", "--", "－", "/", "／", "无", "null", "NULL"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add_scalar(self, pred: Any, gold: Any) -> None:
        if pred is None and gold is None:
            return
        if pred is not None and gold is not None and pred == gold:
            self.tp += 1
            return
        if pred is not None:
            self.fp += 1
        if gold is not None:
            self.fn += 1

    def add_multiset(self, pred: Iterable[Any], gold: Iterable[Any]) -> None:
        p, g = Counter(pred), Counter(gold)
        common = sum((p & g).values())
        self.tp += common
        self.fp += sum(p.values()) - common
        self.fn += sum(g.values()) - common

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def print_table(title: str, scores: dict[str, Score], n_docs: int, errors: int = 0) -> None:
    print(f"\n== {title}: {n_docs} documents, {errors} extraction errors")
    print(f"{'field':<26}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>6}{'fn':>6}")
    for name, s in scores.items():
        print(f"{name:<26}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:7d}{s.fp:6d}{s.fn:6d}")


def val(fact: Any) -> Any:
    return None if fact is None else fact.value


def ref(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    return None if v in EMPTY else v


def ref_date(value: str | None) -> str | None:
    v = ref(value)
    if v is None:
        return None
    found = find_dates(v)
    return found[0].value.isoformat() if found else v


PENALTY_CELLS = {
    "decision_number": "决定书文号", "party_person": "被处罚个人姓名", "party_person_unit": "被处罚个人单位",
    "party_institution": "被处罚机构名称", "responsible_person": "机构负责人", "violation": "案由",
    "legal_basis": "处罚依据", "authority": "做出处罚机构的名称", "date": "处罚日期",
}


def score_penalty_cells(scores: dict[str, Score], e: Extraction | None, cells: dict[str, str]) -> None:
    for field, cell in PENALTY_CELLS.items():
        gold = ref_date(cells.get(cell)) if field == "date" else ref(cells.get(cell))
        pred = None if e is None else val(getattr(e, field))
        scores.setdefault(field, Score()).add_scalar(pred, gold)


def eval_cbrc60(data: Path) -> None:
    folder = data / "penalties/cbrc_2003_2017/samples_60"
    if not folder.is_dir():
        print(f"\n== cbrc60: skipped, {folder} not found")
        return
    fines = {}
    for tok in CBRC60_FINE_GOLD_TEXT.split():
        k, v = tok.split("=")
        fines[f"cbrc_{k}"] = None if v == "-" else float(v)
    scores: dict[str, Score] = {}
    errors = 0
    for txt in sorted(folder.glob("*.txt")):
        cells = json.loads(txt.with_suffix(".fields.json").read_text("utf-8-sig"))["fields_as_scraped"]
        try:
            e: Extraction | None = extract_file(txt)
        except ExtractionError:
            e, errors = None, errors + 1
        score_penalty_cells(scores, e, cells)
        pred_fine = None if e is None or e.fine_amount is None else e.fine_amount.value
        scores.setdefault("fine_amount (hand gold)", Score()).add_scalar(pred_fine, fines[txt.stem])
    print_table("cbrc60 (CBRC samples_60, scraped fields as reference)", scores, 60, errors)


def render_table(r: dict[str, str]) -> str:
    def cell(k: str) -> str:
        return (r.get(k) or "").strip() or "—"

    return (
        f"{cell('文书标题')}\n行政处罚决定书文号：{cell('决定书文号')}\n被处罚当事人：\n"
        f"  个人姓名：{cell('被处罚个人姓名')}\n  个人所在单位：{cell('被处罚个人单位')}\n"
        f"  单位名称：{cell('被处罚机构名称')}\n  法定代表人（主要负责人）姓名：{cell('机构负责人')}\n"
        f"主要违法违规事实（案由）：{cell('案由')}\n行政处罚依据：{cell('处罚依据')}\n"
        f"行政处罚决定：{cell('处罚内容')}\n作出处罚决定的机关名称：{cell('做出处罚机构的名称')}\n"
        f"作出处罚决定的日期：{cell('处罚日期')}\n"
    )


_PLAIN_FINE = re.compile(
    r"^(?:对[^，。；]{2,40}?)?(?:处以|并处|给予)?罚款(?:人民币)?(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)万元"
    r"(?:人民币)?(?:罚款)?[。.]?$"
)
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def plain_fine(text: str) -> float | None:
    """Reference reader, independent of nlp.numerals: only '罚款(人民币)N万元' with N < 1000."""
    m = _PLAIN_FINE.match(text.strip())
    if m is None:
        return None
    n = m.group("n")
    if n[0].isdigit():
        return float(n) * 10_000
    total, cur = 0, 0
    for ch in n:
        if ch in _CN:
            cur = _CN[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
    return float(total + cur) * 10_000


def eval_cbrc_csv(data: Path, limit: int | None) -> None:
    path = data / "penalties/cbrc_2003_2017/cbrc_penalties_merged.csv"
    if not path.is_file():
        print(f"\n== cbrc_csv: skipped, {path} not found")
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))[:limit]
    scores: dict[str, Score] = {}
    errors = 0
    for i, r in enumerate(rows):
        try:
            e: Extraction | None = extract_text(render_table(r), source=f"csv:{i}")
        except ExtractionError:
            e, errors = None, errors + 1
        score_penalty_cells(scores, e, r)
        gold_fine = plain_fine(r.get("处罚内容") or "")
        if gold_fine is not None:
            pred = None if e is None or e.fine_amount is None else e.fine_amount.value
            scores.setdefault("fine_amount (plain subset)", Score()).add_scalar(pred, gold_fine)
    print_table("cbrc_csv (9,882 scraped records rendered as tables; cells as reference)", scores,
                len(rows), errors)
    plain = scores.get("fine_amount (plain subset)", Score())
    print(f"   fine reference covers {plain.tp + plain.fn} records with a single plain fine")


def eval_cail(data: Path) -> None:
    folder = data / "judgments/cail2019_scm_private_lending"
    if not folder.is_dir():
        print(f"\n== cail: skipped, {folder} not found")
        return
    gold: dict[str, list[tuple[str, str]]] = {}
    for line in CAIL_PARTY_GOLD_TEXT.strip().splitlines():
        doc, *pairs = line.split()
        gold[doc] = [(p.split(":", 1)[0], p.split(":", 1)[1]) for p in pairs]
    scores = {"party (role, name)": Score(), "party name": Score(), "party kind (on matched)": Score()}
    errors = 0
    for doc, parties in gold.items():
        try:
            e = extract_file(folder / f"{doc}.txt")
        except ExtractionError:
            errors += 1
            scores["party (role, name)"].add_multiset([], parties)
            continue
        pred = [(p.role, p.name) for p in e.parties]
        scores["party (role, name)"].add_multiset(pred, parties)
        scores["party name"].add_multiset([n for _, n in pred], [n for _, n in parties])
        for p in e.parties:
            if (p.role, p.name) in parties:
                expected = "company" if re.search(r"公司|银行|合作社", p.name) else "person"
                scores["party kind (on matched)"].add_scalar(p.kind, expected)
    print_table("cail (CAIL2019 private-lending party sections, hand-reviewed)", scores, len(gold), errors)


_GUARANTOR_Q = re.compile(r"(?:担保人|保证人|担保方).*谁|谁.*(?:担保|保证)|担保人是")
_ROLE_PREFIX = re.compile(r"^(?:被告|原告|第三人)")


def eval_cjrc(data: Path) -> None:
    folder = data / "judgments/cail2019_cjrc_reading_comprehension"
    if not folder.is_dir():
        print(f"\n== cjrc: skipped, {folder} not found")
        return
    g_score, a_value, a_span = Score(), Score(), Score()
    n_docs = 0
    for qa_path in sorted(folder.glob("*.qa.json")):
        n_docs += 1
        qa = json.loads(qa_path.read_text("utf-8-sig"))
        txt = qa_path.with_name(qa_path.name.replace(".qa.json", ".txt"))
        e = extract_file(txt)
        doc_guarantors: set[str] = set()
        asked = False
        for q in qa["qas"]:
            answers = [a for a in q["answers"] if a["answer_start"] >= 0 and a["text"].strip()]
            if not answers or answers[0]["text"] in ("YES", "NO"):
                continue
            if _GUARANTOR_Q.search(q["question"]) and "反担保" not in q["question"]:
                shortest = min((a["text"] for a in answers), key=len)
                names = [_ROLE_PREFIX.sub("", n.strip(" “”\"")) for n in shortest.split("、")]
                names = [n for n in names if n]
                asked = True
                doc_guarantors |= set(names)
                found = {g.guarantor for g in e.guarantees}
                g_score.tp += sum(1 for n in names if n in found)
                g_score.fn += sum(1 for n in names if n not in found)
            if re.search(r"多少|金额", q["question"]) and "元" in answers[0]["text"]:
                try:
                    value = parse_amount(min((a["text"] for a in answers), key=len))
                except NumeralError:
                    continue
                a_value.add_scalar(value if any(abs(x.value - value) < 0.01 for x in e.amounts) else None,
                                   value)
                spans = [(a["answer_start"], a["answer_start"] + len(a["text"])) for a in answers]
                hit = any(abs(x.value - value) < 0.01 and any(s < x.span[1] and x.span[0] < t for s, t in spans)
                          for x in e.amounts)
                a_span.add_scalar(value if hit else None, value)
        if asked:
            g_score.fp += sum(1 for g in e.guarantees if g.guarantor not in doc_guarantors)
    print_table("cjrc (CAIL2019 CJRC human answers)",
                {"guarantor names": g_score, "amount value (recall)": a_value,
                 "amount value+span (recall)": a_span}, n_docs)
    print("   amounts: only recall is meaningful (passages mention many amounts no question asks about)")


def truth_value(kind: str, x: Any) -> Any:
    return x if x not in ("", None) else None


def eval_synthetic(folder: Path) -> list[str]:
    truth_path = folder / "documents_truth.jsonl"
    if not truth_path.is_file():
        print(f"\n== synth: skipped, {truth_path} not found")
        return []
    scores: dict[str, Score] = {}
    texts: list[str] = []
    errors = n = 0
    for line in truth_path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        t = json.loads(line)
        n += 1
        path = folder / "documents" / t["doc_file"]
        if not path.is_file():
            path = folder / t["doc_file"]
        try:
            e: Extraction | None = extract_file(path)
            texts.append(path.read_text("utf-8-sig"))
        except (ExtractionError, OSError):
            e, errors = None, errors + 1
        scores.setdefault("kind", Score()).add_scalar(None if e is None else e.kind.value, t.get("kind"))
        penalty = "decision_number" in t and t.get("decision_number")
        fields = (["decision_number", "authority", "party_institution", "party_person", "party_person_unit",
                   "responsible_person", "violation", "legal_basis", "date"] if penalty else
                  ["case_number", "court", "cause", "date", "outcome"])
        for f in fields:
            pred = None if e is None else val(getattr(e, f))
            scores.setdefault(f, Score()).add_scalar(pred, truth_value(f, t.get(f)))
        if penalty:
            scores.setdefault("penalty_kinds", Score()).add_multiset(
                [] if e is None else [k.value for k in e.penalty_kinds], t.get("penalty_kinds") or [])
            pred_fine = None if e is None or e.fine_amount is None else e.fine_amount.value
            scores.setdefault("fine_amount", Score()).add_scalar(pred_fine, t.get("fine_amount"))
        else:
            tp = t.get("parties") or []
            ep = [] if e is None else e.parties
            scores.setdefault("party (role, name)", Score()).add_multiset(
                [(p.role, p.name) for p in ep], [(p["role"], p["name"]) for p in tp])
            for attr in ("kind", "legal_representative", "address", "uscc"):
                scores.setdefault(f"party {attr}", Score()).add_multiset(
                    [(p.name, getattr(p, attr)) for p in ep if getattr(p, attr)],
                    [(p["name"], p.get(attr)) for p in tp if p.get(attr)])
            scores.setdefault("guarantee (g, d)", Score()).add_multiset(
                [] if e is None else [(g.guarantor, g.debtor) for g in e.guarantees],
                [(g["guarantor"], g.get("debtor")) for g in t.get("guarantees") or []])
            scores.setdefault("amount values", Score()).add_multiset(
                [] if e is None else [round(a.value, 2) for a in e.amounts],
                [round(float(a), 2) for a in t.get("amounts") or []])
    print_table(f"synth ({folder})", scores, n, errors)
    return texts


def corpus_texts(data: Path) -> list[str]:
    texts = []
    for pattern in ("judgments/cail2019_scm_private_lending/all_unique_docs_227.jsonl",):
        p = data / pattern
        if p.is_file():
            texts += [json.loads(x)["text"] for x in p.read_text("utf-8-sig").splitlines() if x.strip()]
    for folder in ("penalties/cbrc_2003_2017/samples_60", "judgments/cail2019_cjrc_reading_comprehension"):
        d = data / folder
        if d.is_dir():
            texts += [f.read_text("utf-8-sig") for f in sorted(d.glob("*.txt"))]
    return texts


def _time(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _extract_quietly(text: str) -> None:
    with contextlib.suppress(ExtractionError):
        extract_text(text)


def throughput(texts: list[str], repeats: int = 3) -> None:
    import jieba

    if not texts:
        print("\n== throughput: skipped, no texts")
        return
    extract_text(texts[0])  # loads spaCy and jieba's dictionary outside the timing
    jieba.lcut(texts[0])
    chars = sum(len(t) for t in texts)
    # Interleaved per document, so load from other processes on a shared machine hits both sides alike.
    bare, full = [], []
    for _ in range(repeats):
        tb = tf = 0.0
        for i, t in enumerate(texts):
            # Alternate which side runs first, so neither always finds the text warm in cache.
            run_full = functools.partial(_extract_quietly, t)
            run_bare = functools.partial(jieba.lcut, t)
            if i % 2:
                tf += _time(run_full)
                tb += _time(run_bare)
            else:
                tb += _time(run_bare)
                tf += _time(run_full)
        bare.append(tb)
        full.append(tf)
    b, f = min(bare), min(full)
    print(f"\n== throughput: {len(texts)} documents, {chars} characters, best of {repeats}, one process")
    print(f"bare jieba.lcut      {len(texts) / b:9.1f} docs/s {chars / b / 1000:9.1f} kchars/s")
    print(f"full pipeline        {len(texts) / f:9.1f} docs/s {chars / f / 1000:9.1f} kchars/s  (per core)")
    print(f"pipeline / jieba     {b / f:9.2f}   (median runs: {statistics.median(bare) / statistics.median(full):.2f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--synthetic", type=Path, default=None)
    ap.add_argument("--csv-limit", type=int, default=None)
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"real data folder {args.data} not found: real-data sets skipped")
    eval_cbrc60(args.data)
    eval_cbrc_csv(args.data, args.csv_limit)
    eval_cail(args.data)
    eval_cjrc(args.data)
    synth_texts = eval_synthetic(args.synthetic) if args.synthetic else []
    if not args.skip_throughput:
        throughput(corpus_texts(args.data) + synth_texts)


if __name__ == "__main__":
    main()
