"""Entity linking rules (nlp/linking.py) on a hand-made index; no database."""

from __future__ import annotations

import random

import pytest

from liantu.ids import make_uscc
from nlp.linking import FUZZY_THRESHOLD, EnterpriseIndex, Linker, PersonTie, similarity


def u(n: int) -> str:
    return make_uscc("9", "1", "410100", f"MA{n:07d}")


NAMES = {
    1: ("郑州宏达机械配件有限公司", []),
    2: ("宏达机械（郑州）有限公司", []),
    3: ("河南新华包装材料有限公司", ["河南旧华包装有限公司"]),
    4: ("洛阳恒泰汽车贸易有限公司", []),
    5: ("新乡恒远建材有限公司", []),
    6: ("新乡恒达建材有限公司", []),  # one character from 5: fuzzy must not guess between them
    7: ("开封同名商贸有限公司", []),
    8: ("开封同名商贸有限公司", []),  # the same registered name twice (two registries)
    9: ("周口鑫源食品有限公司", []),
}
TIES = {
    u(1): [PersonTie("p-zhang", "张伟", u(1), "LEGAL_REP_OF")],
    u(4): [PersonTie("p-zhao", "赵敏", u(4), "LEGAL_REP_OF"), PersonTie("p-qian", "钱多", u(4), "OFFICER_OF", "监事")],
    u(7): [PersonTie("p-a", "甲某", u(7), "LEGAL_REP_OF")],
    u(8): [PersonTie("p-b", "乙某", u(8), "LEGAL_REP_OF")],
    u(9): [PersonTie("p-sun1", "孙丽", u(9), "OFFICER_OF", "董事"),
           PersonTie("p-sun2", "孙丽", u(9), "HOLDS_SHARES")],  # two namesakes at one firm
}


@pytest.fixture(scope="module")
def linker() -> Linker:
    index = EnterpriseIndex((u(n), name, former) for n, (name, former) in NAMES.items())
    return Linker(index, lambda usccs: {x: TIES.get(x, []) for x in usccs})


@pytest.mark.parametrize(("written", "stated_uscc", "party", "rule"), [
    ("郑州宏达机械配件有限公司", None, 1, "exact_name"),
    ("宏达机械(郑州)有限公司", None, 2, "normalised_name"),  # half-width brackets
    ("宏达机械（郑州）有限公司 ", None, 2, "normalised_name"),  # trailing space
    ("河南旧华包装有限公司", None, 3, "former_name"),
    ("洛阳恒太汽车贸易有限公司", None, 4, "fuzzy_name"),  # homophone typo 泰 -> 太
    ("随便写的名字有限公司", u(4), 4, "uscc"),  # the stated USCC decides alone
])
def test_company_rules(linker: Linker, written: str, stated_uscc: str | None, party: int, rule: str) -> None:
    link = linker.link_company(written, stated_uscc)
    assert (link.party_id, link.match_rule) == (u(party), rule)
    assert 0.0 < link.confidence <= 1.0


def test_confidence_falls_with_weaker_rules(linker: Linker) -> None:
    confs = [linker.link_company(n).confidence for n in
             ("郑州宏达机械配件有限公司", "宏达机械(郑州)有限公司", "河南旧华包装有限公司", "洛阳恒太汽车贸易有限公司")]
    assert confs == sorted(confs, reverse=True) and len(set(confs)) == 4


def test_bad_check_digit_falls_back_to_the_name(linker: Linker) -> None:
    wrong = u(1)[:17] + ("0" if u(1)[17] != "0" else "1")
    link = linker.link_company("郑州宏达机械配件有限公司", wrong)
    assert (link.party_id, link.match_rule) == (u(1), "exact_name")


def test_stated_uscc_not_in_graph_is_kept_as_claimed(linker: Linker) -> None:
    link = linker.link_company("某某有限公司", u(99))
    assert link.party_id == u(99) and link.match_rule == "uscc" and link.reason == "stated USCC not in the graph"


def test_far_name_stays_unresolved_with_candidates(linker: Linker) -> None:
    link = linker.link_company("洛阳远方电子科技有限公司")
    assert not link.resolved and "below the threshold" in (link.reason or "")
    assert link.candidates and all(c.score < FUZZY_THRESHOLD for c in link.candidates)


def test_fuzzy_does_not_guess_between_near_twins(linker: Linker) -> None:
    # 恒运 is one character from both 恒远 (5) and 恒达 (6): equal scores, no margin.
    link = linker.link_company("新乡恒运建材有限公司")
    assert not link.resolved and "runner-up" in (link.reason or "")
    assert {c.party_id for c in link.candidates[:2]} == {u(5), u(6)}


def test_legal_rep_vetoes_and_corroborates_fuzzy(linker: Linker) -> None:
    vetoed = linker.link_company("洛阳恒太汽车贸易有限公司", legal_rep="王五")
    assert not vetoed.resolved and "another legal representative" in (vetoed.reason or "")
    # Two characters off (similarity 0.83 < 0.90) but the stated legal representative matches the graph.
    written = "洛阳恒太汽车商贸有限公司"
    assert 0.8 <= similarity(written, NAMES[4][0]) < FUZZY_THRESHOLD
    assert not linker.link_company(written).resolved
    link = linker.link_company(written, legal_rep="赵敏")
    assert (link.party_id, link.match_rule) == (u(4), "fuzzy_name_legal_rep")


def test_ambiguous_name_is_resolved_only_by_the_legal_rep(linker: Linker) -> None:
    plain = linker.link_company("开封同名商贸有限公司")
    assert not plain.resolved and plain.reason and plain.reason.startswith("ambiguous")
    assert {c.party_id for c in plain.candidates} == {u(7), u(8)}
    link = linker.link_company("开封同名商贸有限公司", legal_rep="乙某")
    assert (link.party_id, link.match_rule) == (u(8), "exact_name_legal_rep")


def test_person_links_only_through_a_linked_company(linker: Linker) -> None:
    via_rep = linker.link_person("张伟", [(u(1), "张伟")])
    assert (via_rep.party_id, via_rep.match_rule) == ("p-zhang", "legal_rep_of_party")
    via_officer = linker.link_person("钱多", [(u(1), "张伟"), (u(4), None)])
    assert (via_officer.party_id, via_officer.match_rule) == ("p-qian", "officer_of_party")
    # The same name with no company in the document, or at an unrelated one: nobody.
    assert not linker.link_person("张伟", []).resolved
    assert not linker.link_person("张伟", [(u(4), None)]).resolved
    namesakes = linker.link_person("孙丽", [(u(9), None)])
    assert not namesakes.resolved and len(namesakes.candidates) == 2


def test_blocking_finds_the_typo_among_many_names() -> None:
    rng = random.Random(7)
    cities = ["郑州", "洛阳", "新乡", "开封", "安阳", "南阳", "许昌", "周口"]
    trades = ["机械配件", "汽车贸易", "建材", "食品", "电子科技", "包装材料", "服饰", "物流"]
    # 字号 from 1,500 characters, so that (as in a registry) no two firms are one character apart by chance.
    chars = [chr(0x4E00 + 7 + 11 * k) for k in range(1500)]
    rows: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    while len(rows) < 20_000:
        name = rng.choice(cities) + "".join(rng.sample(chars, 2)) + rng.choice(trades) + "有限公司"
        if name not in seen:
            seen.add(name)
            rows.append((u(len(rows) + 1), name, []))
    index = EnterpriseIndex(rows)
    target_uscc, target, _ = rows[12_345]
    typo = target[:2] + "弘" + target[3:]  # 弘 is not among the generated characters
    best = index.fuzzy(typo)[0]
    assert best.party_id == target_uscc and best.score >= FUZZY_THRESHOLD
