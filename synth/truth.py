"""ground_truth.json: the planted facts of one dataset, for tests, demos and benchmarks to score against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from synth.bank import THRESHOLD_E, THRESHOLD_P
from synth.controllers import Control
from synth.entities import BANK, SHELL, TAX, Enterprises, Persons
from synth.fund_flows import FundLoop
from synth.guarantees import Guarantees
from synth.industries import CHAINS, TIER_NAMES
from synth.outcomes import Outcomes
from synth.ownership import Ownership
from synth.scales import AS_OF, HISTORY_MONTHS, WINDOWS, month_label
from synth.supply_chain import GOODS, Pairs
from synth.writer import _EPOCH

MARGIN_NOTE = (
    "Two windows: W1 = (D1, D2], whose outcomes are part of the input files, and W2 = (D2, D3], only here. "
    "Labels are Bernoulli draws from a logit with a tabular part, a graph part (trading with a core "
    "customer, number of customer supply partners, group ties to customers; for persons, officer seats "
    "in customer enterprises) and hidden noise. For each population the generator fits a logistic "
    "regression on a random half with tabular features only and with tabular plus graph features, and "
    "reports both AUCs on the other half; margin = the difference a graph-aware model can earn. "
    "outcomes.csv gives each label's window and the propensity it was drawn from (the oracle)."
)


def _day(d: int) -> str:
    from datetime import timedelta

    return (_EPOCH + timedelta(days=int(d))).isoformat()


def build_truth(*, scale: str, seed: int, fmt: str, counts: dict[str, int], ent: Enterprises, per: Persons,
                own: Ownership, controls: list[Control], pairs: Pairs, g: Guarantees, loops: list[FundLoop],
                outcomes: Outcomes, n_documents: int) -> dict[str, Any]:
    u = ent.uscc
    goods = pairs.purpose == GOODS
    core = [{"uscc": u[i], "name": ent.name[i], "chain": CHAINS[int(ent.chain[i])].name,
             "tier": TIER_NAMES[int(ent.tier[i])]} for i in range(len(ent)) if ent.core[i]]
    supply = [{"supplier": u[int(s)], "buyer": u[int(b)], "chain": CHAINS[int(ent.chain[int(b)])].name,
               "monthly_base_amount": round(float(a), 2), "first_month": month_label(int(st)),
               "last_month": month_label(int(en) - 1)}
              for s, b, a, st, en in zip(pairs.supplier[goods], pairs.buyer[goods], pairs.base[goods],
                                          pairs.start[goods], pairs.end[goods], strict=True)]
    service = [{"supplier": u[int(s)], "buyer": u[int(b)]}
               for s, b in zip(pairs.supplier[~goods], pairs.buyer[~goods], strict=True)]
    groups = []
    for gid in sorted(own.group_parent):
        parent = own.group_parent[gid]
        groups.append({"group_id": f"GRP{gid + 1:05d}", "parent": u[parent], "parent_name": ent.name[parent],
                       "members": [u[m] for m in own.group_members[gid]]})
    controllers = {
        u[c.company]: {"controller_kind": c.kind,
                       "controller_id": per.person_id[c.controller] if c.kind == "P" else u[c.controller],
                       "effective_stake": round(c.stake, 6), "control_path": [u[x] for x in c.path]}
        for c in controls
    }
    circles = [{"circle_id": f"GC{k + 1:04d}", "type": kind, "members": [u[m] for m in members],
                "guarantee_ids": [g.guarantee_id(r) for r in rows]}
               for k, (kind, members, rows) in enumerate(g.circles)]
    fund_loops = [{"loop_id": f"FL{k + 1:04d}", "core": u[lp.core], "returns_to": [u[x] for x in lp.returns_to],
                   "txn_ids": lp.txn_ids, "legs": lp.leg_ids, "first_date": _day(lp.first_day),
                   "last_date": _day(lp.last_day), "window_days": lp.last_day - lp.first_day,
                   "amount_out": lp.out_cents / 100, "amount_back": lp.back_cents / 100}
                  for k, lp in enumerate(loops)]
    return {
        "scale": scale, "seed": seed, "format": fmt,
        "calendar": {"history": [month_label(0), month_label(HISTORY_MONTHS - 1)], "as_of": AS_OF.isoformat(),
                     "label_windows": {str(w): [a.isoformat(), b.isoformat()] for w, (a, b) in WINDOWS.items()}},
        "counts": counts,
        "our_bank": {"uscc": u[0], "name": ent.name[0]},
        "other_banks": [u[i] for i in range(1, len(ent)) if ent.role[i] == BANK],
        "tax_bureaus": [u[i] for i in range(len(ent)) if ent.role[i] == TAX],
        "core_enterprises": core,
        "supply_pairs": supply,
        "service_pairs": service,
        "groups": groups,
        "cross_holdings": [[u[a], u[b]] for a, b in own.cross_holdings],
        "circular_ownership": [[u[x] for x in cyc] for cyc in own.circular],
        "ultimate_controllers": controllers,
        "guarantee_circles": circles,
        "fund_loops": fund_loops,
        "shells": [u[i] for i in range(len(ent)) if ent.role[i] == SHELL],
        "documents": {"file": "documents_truth.jsonl", "count": n_documents},
        "outcomes": {"file": "outcomes.csv", "effective_threshold": {"E": THRESHOLD_E, "P": THRESHOLD_P},
                     "model_margin": outcomes.margins[1], "model_margin_window_2": outcomes.margins[2],
                     "how": MARGIN_NOTE},
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_truth(out: Path, truth: dict[str, Any]) -> None:
    """One top-level key per line and one list item (or mapping entry) per line.

    json.dump with indent falls back to the pure-Python encoder, which takes tens of seconds on a
    medium dataset; encoding item by item keeps the C encoder and still gives diffable lines.
    """
    parts: list[str] = []
    for key, value in truth.items():
        if isinstance(value, list) and value:
            body = "[\n  " + ",\n  ".join(_dumps(v) for v in value) + "\n ]"
        elif isinstance(value, dict) and len(value) > 20:
            body = "{\n  " + ",\n  ".join(f"{_dumps(k)}: {_dumps(v)}" for k, v in value.items()) + "\n }"
        else:
            body = _dumps(value)
        parts.append(f" {_dumps(key)}: {body}")
    with (out / "ground_truth.json").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("{\n" + ",\n".join(parts) + "\n}\n")
