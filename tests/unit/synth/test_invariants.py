"""Invariants of the tiny world: identifiers, ownership, references, planted structure, documents."""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections import defaultdict
from datetime import date

import pytest

from graph.learning.labels import EFFECTIVE_THRESHOLD
from graph.learning.labels import TARGETS as LABEL_TARGETS
from liantu.errors import InvalidInput
from liantu.ids import is_valid_uscc
from synth.bank import THRESHOLD_E, THRESHOLD_P
from synth.numerals import amount_renderings, date_renderings
from synth.outcomes import TARGETS, read_outcomes
from synth.penalty_docs import fine_renderings
from tests.unit.synth.conftest import World


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_every_uscc_is_valid(tiny: World) -> None:
    usccs = [r["uscc"] for r in tiny.table("enterprises")]
    assert len(usccs) == len(set(usccs)) == tiny.truth["counts"]["enterprises"]
    assert all(is_valid_uscc(u) for u in usccs)


def test_names_are_unique_and_persons_hashed(tiny: World) -> None:
    names = [r["name"] for r in tiny.table("enterprises")]
    assert len(names) == len(set(names))
    ids = [r["person_id"] for r in tiny.table("persons")]
    assert len(ids) == len(set(ids))
    assert all(len(i) == 64 and all(c in "0123456789abcdef" for c in i) for i in ids)


def test_ratios_sum_to_at_most_one(tiny: World) -> None:
    total: dict[str, float] = defaultdict(float)
    for r in tiny.table("shareholdings"):
        ratio = float(r["ratio"])
        assert 0 < ratio <= 1
        total[r["company_uscc"]] += ratio
    assert max(total.values()) <= 1 + 1e-9


def test_every_enterprise_has_a_current_legal_representative(tiny: World) -> None:
    current = {r["company_uscc"] for r in tiny.table("officers") if r["role"] == "法定代表人" and not r["valid_to"]}
    assert current == {r["uscc"] for r in tiny.table("enterprises")}


def test_references_point_to_existing_rows(tiny: World) -> None:
    ents = {r["uscc"] for r in tiny.table("enterprises")}
    pers = {r["person_id"] for r in tiny.table("persons")}
    kind = {"E": ents, "P": pers}
    for r in tiny.table("shareholdings"):
        assert r["holder_id"] in kind[r["holder_kind"]] and r["company_uscc"] in ents
    for r in tiny.table("officers"):
        assert r["person_id"] in pers and r["company_uscc"] in ents
    for r in tiny.table("guarantees"):
        assert r["guarantor_uscc"] in ents and r["borrower_uscc"] in ents
    for r in tiny.table("payments"):
        assert r["payer_uscc"] in ents and r["payee_id"] in kind[r["payee_kind"]]
        assert float(r["amount"]) > 0
    branches = {r["branch_code"] for r in tiny.table("branches")}
    rms = {r["rm_id"] for r in tiny.table("rms")}
    assert all(r["branch_code"] in branches for r in tiny.table("rms"))
    customers = {r["customer_no"] for r in tiny.table("customers")}
    for r in tiny.table("customers"):
        assert r["party_id"] in kind[r["party_kind"]] and r["branch_code"] in branches
        assert not r["rm_id"] or r["rm_id"] in rms
    assert all(r["customer_no"] in customers for r in tiny.table("products"))
    assert all(r["customer_no"] in customers for r in tiny.table("balances"))
    for r in tiny.table("outcomes"):
        assert r["party_id"] in kind[r["party_kind"]]


def test_txn_ids_unique(tiny: World) -> None:
    ids = [r["txn_id"] for r in tiny.table("payments")]
    assert len(ids) == len(set(ids))


def test_planted_guarantee_circles_have_their_shape(tiny: World) -> None:
    edges = {r["guarantee_id"]: (r["guarantor_uscc"], r["borrower_uscc"]) for r in tiny.table("guarantees")}
    circles = tiny.truth["guarantee_circles"]
    assert {c["type"] for c in circles} == {"mutual", "circle", "chain", "cross", "focus"}
    for c in circles:
        pairs = [edges[g] for g in c["guarantee_ids"]]
        members = c["members"]
        assert {x for p in pairs for x in p} == set(members)
        if c["type"] in ("mutual", "circle"):
            # a directed cycle through every member: each member guarantees exactly the next one
            nxt = dict(pairs)
            assert len(nxt) == len(members)
            node, seen = members[0], []
            for _ in members:
                seen.append(node)
                node = nxt[node]
            assert node == members[0] and sorted(seen) == sorted(members)
        elif c["type"] == "chain":
            assert pairs == list(itertools.pairwise(members))
        elif c["type"] == "cross":
            assert len({a for a, _ in pairs}) == 1 and len({b for _, b in pairs}) >= 3
        else:
            assert len({b for _, b in pairs}) == 1 and len({a for a, _ in pairs}) >= 3


def test_fund_loops_leave_and_return(tiny: World) -> None:
    pay = {r["txn_id"]: r for r in tiny.table("payments")}
    groups = {g["parent"]: set(g["members"]) | {g["parent"]} for g in tiny.truth["groups"]}
    family = {m: fam for fam in groups.values() for m in fam}
    assert tiny.truth["fund_loops"]
    for loop in tiny.truth["fund_loops"]:
        core = loop["core"]
        assert set(loop["txn_ids"]) <= set(pay)
        for leg in loop["legs"]:
            rows = [pay[t] for t in leg]
            assert rows[0]["payer_uscc"] == core
            for a, b in itertools.pairwise(rows):
                assert a["payee_id"] == b["payer_uscc"] and a["date"] <= b["date"]
            end = rows[-1]["payee_id"]
            assert end in loop["returns_to"]
            assert end == core or end in family.get(core, set())
        days = (date.fromisoformat(loop["last_date"]) - date.fromisoformat(loop["first_date"])).days
        assert days <= 180
        assert 0.9 * loop["amount_out"] <= loop["amount_back"] <= loop["amount_out"]


def test_supply_pairs_show_up_in_payments(tiny: World) -> None:
    paid = {(r["payer_uscc"], r["payee_id"]) for r in tiny.table("payments") if r["purpose"] == "货款"}
    pairs = tiny.truth["supply_pairs"]
    found = sum((p["buyer"], p["supplier"]) in paid for p in pairs)
    assert found >= 0.95 * len(pairs)
    cores = {c["uscc"] for c in tiny.truth["core_enterprises"]}
    partners: dict[str, int] = defaultdict(int)
    for p in pairs:
        partners[p["supplier"]] += 1
        partners[p["buyer"]] += 1
    median = sorted(partners.values())[len(partners) // 2]
    assert sum(partners[c] for c in cores) / len(cores) > 3 * median


def test_controllers_and_groups_refer_to_real_parties(tiny: World) -> None:
    ents = {r["uscc"] for r in tiny.table("enterprises")}
    pers = {r["person_id"] for r in tiny.table("persons")}
    for company, c in tiny.truth["ultimate_controllers"].items():
        assert company in ents
        assert c["controller_id"] in (pers if c["controller_kind"] == "P" else ents)
        assert 0 < c["effective_stake"] <= 1 + 1e-9
    for g in tiny.truth["groups"]:
        assert g["parent"] in ents and set(g["members"]) <= ents
    assert tiny.truth["cross_holdings"] and tiny.truth["circular_ownership"]


def test_every_document_states_its_true_fields(tiny: World) -> None:
    docs = tiny.documents()
    assert {d["kind"] for d in docs} >= {"judgment", "enforcement_ruling", "penalty_decision", "penalty_table"}
    for d in docs:
        text = (tiny.root / d["doc_file"]).read_text(encoding="utf-8")
        flat = _nfkc(text)
        assert any(r in flat for r in date_renderings(date.fromisoformat(d["date"]))), d["doc_id"]
        if d["kind"].startswith("penalty"):
            assert d["decision_number"] in text and d["authority"] in text
            for field in ("party_institution", "party_person", "party_person_unit", "responsible_person"):
                assert d[field] is None or d[field] in text, (d["doc_id"], field)
            assert d["violation"] in text
            if d["fine_amount"] is not None:
                assert any(r in flat for r in fine_renderings(d["fine_amount"])), d["doc_id"]
            continue
        assert d["case_number"] in text and d["court"] in text and d["cause"] in text
        for p in d["parties"]:
            assert f"{p['role']}：{p['name']}" in text, (d["doc_id"], p["name"])
            assert p["legal_representative"] is None or p["legal_representative"] in text
            assert p["uscc"] is None or p["uscc"] in flat
        for g in d["guarantees"]:
            assert g["guarantor"] in text and g["debtor"] in text
        for amount in d["amounts"]:
            assert any(r in flat for r in amount_renderings(amount)), (d["doc_id"], amount)


def test_outcomes_document_the_graph_margin(tiny: World) -> None:
    outcome = tiny.truth["outcomes"]
    populations = {"became_customer_enterprise", "became_customer_person", "became_effective_enterprise",
                   "became_effective_person"}
    assert set(outcome["model_margin"]) == populations
    assert set(outcome["model_margin_window_2"]) == populations
    rows = tiny.table("outcomes")
    for window in ("1", "2"):
        mine = [r for r in rows if r["window"] == window]
        assert any(r["became_customer"] == "1" for r in mine)
        assert any(r["became_effective"] == "1" for r in mine)
        assert all(0.0 <= float(r["propensity"]) <= 1.0 for r in mine)


def test_window_one_is_written_into_the_history(tiny: World) -> None:
    """W1's labels are exactly what graph.learning.labels' rules read back from the input files."""
    d1, d2 = tiny.truth["calendar"]["label_windows"]["1"]
    customers = tiny.table("customers")
    since = {(r["party_kind"], r["party_id"]): r["since"] for r in customers}
    number = {(r["party_kind"], r["party_id"]): r["customer_no"] for r in customers}
    balances: dict[str, dict[str, float]] = {}
    for r in tiny.table("balances"):
        balances.setdefault(r["customer_no"], {})[r["month"]] = float(r["avg_balance"])
    threshold = tiny.truth["outcomes"]["effective_threshold"]
    w1 = [r for r in tiny.table("outcomes") if r["window"] == "1"]
    assert w1
    for r in w1:
        key = (r["party_kind"], r["party_id"])
        if r["became_customer"]:
            assert key not in since or since[key] > d1
            assert r["became_customer"] == ("1" if key in since and d1 < since[key] <= d2 else "0"), r
        else:
            series = balances[number[key]]
            assert series.get("2024-09", 0.0) < threshold[r["party_kind"]]
            mean = sum(series.get(m, 0.0) for m in ("2024-10", "2024-11", "2024-12")) / 3
            assert r["became_effective"] == ("1" if mean >= threshold[r["party_kind"]] else "0"), r
    # Nobody's relationship starts after the history's end, the date the input files are dated.
    assert max(r["since"] for r in customers) <= d2
    w2 = [r for r in tiny.table("outcomes") if r["window"] == "2" and r["became_customer"] == "1"]
    assert w2 and all((r["party_kind"], r["party_id"]) not in since for r in w2)


def test_read_outcomes_gives_labels_and_propensities(tiny: World) -> None:
    for window in (1, 2):
        truth = read_outcomes(tiny.root, window)
        assert set(truth) == set(TARGETS)
        for target, labels in truth.items():
            assert labels, target
            assert {y for y, _ in labels.values()} <= {0, 1}
            positives = [p for y, p in labels.values() if y == 1]
            negatives = [p for y, p in labels.values() if y == 0]
            # The propensity is what the label was drawn from, so positives drew higher ones on average.
            assert sum(positives) / len(positives) > sum(negatives) / len(negatives), target
    with pytest.raises(InvalidInput, match="window"):
        read_outcomes(tiny.root, 3)


def test_observable_propensity_is_the_drawn_one_without_the_hidden_noise(tiny: World) -> None:
    """logit(propensity) - logit(observable) is the hidden noise: centred, with the generator's spread 0.5."""
    noise = []
    for r in tiny.table("outcomes"):
        p, q = float(r["propensity"]), float(r["propensity_observable"])
        assert 0.0 <= q <= 1.0
        if p == 0.0:  # tax bureaus and banks never become customers: both are 0
            assert q == 0.0, r
            continue
        if 1e-5 < p < 1 - 1e-5 and 1e-5 < q < 1 - 1e-5:  # six decimals leave the logit of the extremes loose
            noise.append(math.log(p / (1 - p)) - math.log(q / (1 - q)))
    assert len(noise) > 1000
    mean = sum(noise) / len(noise)
    sd = math.sqrt(sum((x - mean) ** 2 for x in noise) / (len(noise) - 1))
    assert abs(mean) < 0.05 and 0.45 < sd < 0.55, (mean, sd)
    seen = read_outcomes(tiny.root, 2, "propensity_observable")
    drawn = read_outcomes(tiny.root, 2)
    for target in TARGETS:
        assert {k: y for k, (y, _) in seen[target].items()} == {k: y for k, (y, _) in drawn[target].items()}


def test_effective_thresholds_agree_with_the_label_rules() -> None:
    assert EFFECTIVE_THRESHOLD == {"E": THRESHOLD_E, "P": THRESHOLD_P}
    assert tuple(TARGETS) == tuple(LABEL_TARGETS)
