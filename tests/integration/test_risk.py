"""Risk from negative events: the legal extension and the diffusion score, kept apart (tests/builders_risk.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.analytics.risk import (
    HOP_DECAY,
    NEGATIVE_ROLES,
    TRANSMISSION,
    compute_diffusion,
    diffusion_for,
    legal_extension,
    restricted_parties,
    risk_view,
)
from graph.events import merge_court_cases, merge_documents, merge_penalties
from graph.store import GraphStore
from ingestion.loader import load_directory
from liantu.errors import NotFound
from synth import generate
from tests.builders import pid, uscc
from tests.builders_risk import CIVIL, ENFORCEMENT, X_SEED, events_from_synth_truth, load_risk_world
from tests.integration.conftest import RISK_KEY, OpenClient

X, H, G = uscc(9), uscc(10), uscc(11)


@pytest.fixture
def world(graph: GraphStore, data_dir: Path) -> GraphStore:
    return load_risk_world(graph, data_dir)


def _stored_diffusion(store: GraphStore, usccs: list[str]) -> dict[str, float | None]:
    rows = store.read("leads/get_partner_flags", {"usccs": usccs, "roles": list(NEGATIVE_ROLES)})
    return {r["uscc"]: r["risk_diffusion"] for r in rows}


def test_legal_extension_reaches_legal_rep_principal_officer_and_controller(world: GraphStore) -> None:
    ext = legal_extension(world, X)
    assert [c.case_number for c in ext.debtor_cases] == [ENFORCEMENT]  # the civil 被告 case is no restriction
    got = {(r.kind, r.id, r.basis) for r in ext.extends_to}
    assert got == {("P", pid(1), "legal_representative"), ("P", pid(2), "principal_officer"),
                   ("E", H, "actual_controller")}
    # The 监事 and the 40% person holder are not restricted.
    assert not any(r.id in {pid(3), pid(4)} for r in ext.extends_to)
    assert all(r.debtor_uscc == X and r.cases[0].case_number == ENFORCEMENT for r in ext.extends_to)
    controller = next(r for r in ext.extends_to if r.basis == "actual_controller")
    assert "equity" in controller.role or "50" in controller.role  # the control rule that decided
    assert "限制被执行人高消费" in ext.rule
    # Seen from the controller: it is restricted as the actual controller of X.
    as_h = legal_extension(world, H)
    assert [(r.id, r.debtor_uscc) for r in as_h.as_controller_of] == [(H, X)]
    assert as_h.debtor_cases == [] and as_h.extends_to == []


def test_restricted_list_is_debtor_then_its_extension(world: GraphStore) -> None:
    found = restricted_parties(world, limit=10)
    assert (found[0].id, found[0].basis) == (X, "debtor")
    assert {r.id for r in found} == {X, pid(1), pid(2), H}
    assert restricted_parties(world, limit=2) == found[:2]


def test_diffusion_is_a_separate_number_with_paths(world: GraphStore) -> None:
    # The guarantor is not restricted by law, but the diffusion puts X's default on it.
    guarantor = diffusion_for(world, G)
    expected = X_SEED * HOP_DECAY * TRANSMISSION["guarantee_to_guarantor"]
    assert guarantor.score == pytest.approx(expected)
    [only] = guarantor.contributions
    assert only.party == f"E:{X}" and only.seed == pytest.approx(X_SEED)
    assert [(a.source, a.target, a.tie) for a in only.path] == [(f"E:{X}", f"E:{G}", "guarantee")]
    assert {e.reference for e in only.events} == {ENFORCEMENT, CIVIL}
    assert G not in {r.id for r in restricted_parties(world, 100)}
    # The controller gets both: restricted by law, and exposed through its 60% stake (a different number).
    assert diffusion_for(world, H).score == pytest.approx(X_SEED * HOP_DECAY * TRANSMISSION["control_to_holder"] * 0.6)
    # X's own events are not in its diffusion: only the penalised supplier three hops away reaches it.
    own = diffusion_for(world, X)
    assert [c.party for c in own.contributions] == [f"E:{uscc(6)}"]
    assert len(own.contributions[0].path) == 3 and 0 < own.score < 0.01


def test_compute_writes_the_same_scores_as_the_live_view(world: GraphStore) -> None:
    run = compute_diffusion(world)
    assert run.seeds == 3  # X, the penalised supplier and its responsible person
    stored = _stored_diffusion(world, [uscc(n) for n in (1, 3, 4, 6, 9, 10, 11)])
    for code, value in stored.items():
        live = diffusion_for(world, code).score
        assert (value or 0.0) == pytest.approx(live), code
    assert stored[G] == pytest.approx(X_SEED * HOP_DECAY * TRANSMISSION["guarantee_to_guarantor"])
    assert compute_diffusion(world).written == run.written  # rerun replaces, never accumulates


def test_walking_from_the_parties_and_reading_every_tie_write_the_same_scores(world: GraphStore) -> None:
    codes = [uscc(n) for n in range(1, 13)]
    walked = compute_diffusion(world)
    by_walk = _stored_diffusion(world, codes)
    whole = compute_diffusion(world, walk_max_seeds=0)  # more parties than that: one pass over every tie
    assert _stored_diffusion(world, codes) == by_walk and whole.written == walked.written > 0
    assert 0 < walked.arcs <= whole.arcs  # the walk reads only the ties around what its parties reach


def test_risk_view_keeps_both_parts_and_unknown_is_404(world: GraphStore) -> None:
    view = risk_view(world, X)
    assert {e.reference for e in view.events} == {ENFORCEMENT, CIVIL}
    assert view.legal_extension.extends_to and view.diffusion.score < 0.01
    with pytest.raises(NotFound):
        risk_view(world, uscc(99))


def test_api_risk_answers(api: OpenClient, world: GraphStore) -> None:
    client = api(world, RISK_KEY)
    body = client.get(f"/enterprises/{G}/risk").json()
    assert body["events"] == [] and body["legal_extension"]["extends_to"] == []
    assert body["diffusion"]["score"] == pytest.approx(X_SEED * 0.63)
    assert body["diffusion"]["contributions"][0]["path"][0]["tie"] == "guarantee"
    x = client.get(f"/enterprises/{X}/risk").json()
    assert {r["basis"] for r in x["legal_extension"]["extends_to"]} == {
        "legal_representative", "principal_officer", "actual_controller"}
    restricted = client.get("/risk/restricted?limit=3").json()["restricted"]
    assert restricted[0]["basis"] == "debtor" and len(restricted) == 3


def test_api_risk_errors(api: OpenClient, world: GraphStore) -> None:
    client = api(world, RISK_KEY)
    assert client.get(f"/enterprises/{X}/risk", headers={"X-API-Key": "nope"}).status_code == 401
    assert client.get("/risk/restricted", headers={"X-API-Key": ""}).status_code == 401
    assert client.get(f"/enterprises/{uscc(99)}/risk").status_code == 404
    bad = client.get("/enterprises/91410100MA0000000X/risk")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_uscc"
    assert client.get("/risk/restricted?limit=0").status_code == 422
    assert client.get(f"/enterprises/{X}/risk?as_of=2024-13").status_code == 422


def test_synthetic_world_restricted_list_recalls_the_planted_truth(graph: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "synth"
    generate("tiny", 7, out)
    load_directory(graph, out)
    docs, cases, pens = events_from_synth_truth(out)
    merge_documents(graph, docs)
    report = merge_court_cases(graph, cases)
    merge_penalties(graph, pens)
    assert report.fallback_unresolved == []  # every true entity id is in the loaded graph
    truth = json.loads((out / "ground_truth.json").read_text("utf-8"))
    debtors: dict[str, str | None] = {}  # debtor id -> its legal representative (companies)
    for case in cases:
        if (case.case_type or "").startswith("执"):
            for p in case.parties:
                if p.role == "被执行人" and p.party_id:
                    debtors[p.party_id] = None
    for line in (out / "documents_truth.jsonl").read_text("utf-8").splitlines():
        for p in json.loads(line).get("parties", []):
            if p["entity_id"] in debtors and p["kind"] == "company":
                debtors[p["entity_id"]] = p["legal_representative_id"]
    found = restricted_parties(graph, 1000)
    listed = {r.id for r in found if r.basis == "debtor"}
    assert debtors and listed == set(debtors)  # recall and precision 1.0 on debtors
    by_debtor: dict[str, set[tuple[str, str]]] = {}
    for r in found:
        if r.debtor_uscc:
            by_debtor.setdefault(r.debtor_uscc, set()).add((r.basis, r.id))
    expected = {(d, ("legal_representative", lr)) for d, lr in debtors.items() if lr}
    controllers = truth["ultimate_controllers"]
    expected |= {(d, ("actual_controller", controllers[d]["controller_id"])) for d in debtors if d in controllers}
    missed = [e for e in expected if e[1] not in by_debtor.get(e[0], set())]
    assert expected and missed == []  # recall 1.0 on legal representatives and planted controllers
    # Diffusion on the same world: every guarantor of an enterprise debtor, with a guarantee in force on the
    # dataset's as-of date, is exposed (>= the direct guarantee path), though the law does not restrict it.
    as_of = truth["calendar"]["as_of"]
    run = compute_diffusion(graph, as_of=as_of)
    assert run.seeds >= len(debtors) and run.written > 0
    with (out / "guarantees.csv").open(encoding="utf-8") as fh:
        guarantors = {r["guarantor_uscc"] for r in csv.DictReader(fh)
                      if r["borrower_uscc"] in debtors and (not r["end_date"] or r["end_date"] >= as_of)}
    stored = _stored_diffusion(graph, sorted(guarantors))
    assert guarantors and all((stored[g] or 0.0) >= HOP_DECAY * TRANSMISSION["guarantee_to_guarantor"] * 0.99
                              for g in guarantors)


def test_only_cases_that_still_restrict_extend(world: GraphStore) -> None:
    """Case status from later documents: 终结本次执行 still restricts, a lifted restriction or an executed case
    does not; status only moves forward, whatever order the documents load in."""
    from graph.events import CourtCaseRecord, DocumentRecord, PartyMention

    def ruling(n: int, status: str | None, listing: str | None = None) -> tuple[DocumentRecord, CourtCaseRecord]:
        sha = f"{n:064x}"
        debtor = PartyMention("郑州市某某有限公司", "E", "被执行人", 50, 62, 0.95, X, "uscc")
        return (DocumentRecord(sha, "enforcement_ruling", "nlp-0.2", source=f"r{n}.txt"),
                CourtCaseRecord(ENFORCEMENT, sha, "nlp-0.2", case_type="执", status=status, listing=listing,
                                parties=(debtor,)))

    def write(*docs: tuple[DocumentRecord, CourtCaseRecord]) -> None:
        merge_documents(world, [d for d, _ in docs])
        merge_court_cases(world, [c for _, c in docs])

    write(ruling(1, "terminated", "restricted"))
    [case] = legal_extension(world, X).debtor_cases
    assert (case.status, case.listing) == ("terminated", "restricted")
    assert any(r.id == X and r.basis == "debtor" for r in restricted_parties(world))
    write(ruling(2, "active"))  # an older ruling loaded late: it does not reopen the case
    assert legal_extension(world, X).debtor_cases[0].status == "terminated"
    write(ruling(3, "restriction_lifted"))
    ext = legal_extension(world, X)
    assert ext.debtor_cases == [] and ext.extends_to == []
    assert not any(r.id == X for r in restricted_parties(world))
    # Diffusion still sees the ended case, as an ordinary lawsuit would mark its party.
    events = {e.reference: e for e in risk_view(world, X).events}
    assert events[ENFORCEMENT].severity == 0.4
