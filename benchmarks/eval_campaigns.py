"""How well does `liantu campaign report` recover a planted uplift? Coverage and power, without a database.

Draws many seeded campaigns the way `liantu campaign create` and `campaign simulate` do (stratified arms by
score decile, conversions at a propensity plus a planted effect), and scores the report's interval
(Newcombe 1998 method 10) beside the plain normal-approximation (Wald) interval on the same draws:

* coverage: how often the 95% interval holds the planted uplift (should be close to 95%);
* power: how often it excludes zero (the chance a real effect is seen);
* width: the mean interval width.

    python benchmarks/eval_campaigns.py --campaigns 400 --leads 200 1000 --effect 0.0 0.05 0.1
"""

from __future__ import annotations

import argparse
import math
import platform
import time
from datetime import date
from statistics import NormalDist

import numpy as np

from graph.analytics.campaigns import CampaignLead, assign, newcombe
from synth.campaign import AssignedLead, simulate


def wald(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    p1, p2 = x1 / n1, x2 / n2
    half = NormalDist().inv_cdf(0.975) * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return p1 - p2 - half, p1 - p2 + half


def run(n_leads: int, effect: float, campaigns: int, base: float) -> dict[str, float]:
    hits = {"newcombe": 0, "wald": 0}
    power = {"newcombe": 0, "wald": 0}
    width = {"newcombe": 0.0, "wald": 0.0}
    for k in range(campaigns):
        rng = np.random.default_rng(k)
        scores = rng.random(n_leads)
        # Propensity rises with the score around the chosen base rate, as a useful lead score would.
        propensity = {f"P{i:05d}": float(min(1.0, 2 * base * s)) for i, s in enumerate(scores)}
        leads = [CampaignLead(pid, "E", float(s), "RM1", "0101") for pid, s in zip(propensity, scores, strict=True)]
        arms = assign(leads, seed=k)
        sim = simulate(f"C{k}", [AssignedLead(a.lead.party_id, "E", a.arm, "RM1", "0101") for a in arms],
                       propensity, effect=effect, start=date(2025, 1, 1), window_days=90, seed=k)
        t, c = sim.arms["treatment"], sim.arms["control"]
        intervals = {"newcombe": newcombe(t.converted, t.leads, c.converted, c.leads)[1:],
                     "wald": wald(t.converted, t.leads, c.converted, c.leads)}
        for name, (low, high) in intervals.items():
            hits[name] += low <= sim.planted_uplift <= high
            power[name] += low > 0 or high < 0
            width[name] += high - low
    out: dict[str, float] = {}
    for name in hits:
        out[f"{name}_coverage"] = hits[name] / campaigns
        out[f"{name}_excludes_0"] = power[name] / campaigns
        out[f"{name}_width"] = width[name] / campaigns
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaigns", type=int, default=400)
    parser.add_argument("--leads", type=int, nargs="+", default=[40, 200, 1000])
    parser.add_argument("--effect", type=float, nargs="+", default=[0.0, 0.05, 0.1])
    parser.add_argument("--base", type=float, default=0.1, help="mean natural conversion rate")
    args = parser.parse_args()
    print(f"# {args.campaigns} seeded campaigns per row, base rate {args.base}, {platform.node()}")
    print(f"{'leads':>6} {'effect':>6} | {'Newcombe cover':>14} {'excl 0':>7} {'width':>6} | "
          f"{'Wald cover':>10} {'excl 0':>7} {'width':>6}")
    start = time.perf_counter()
    for n in args.leads:
        for effect in args.effect:
            r = run(n, effect, args.campaigns, args.base)
            print(f"{n:>6} {effect:>6.2f} | {r['newcombe_coverage']:>14.1%} {r['newcombe_excludes_0']:>7.1%} "
                  f"{r['newcombe_width']:>6.3f} | {r['wald_coverage']:>10.1%} {r['wald_excludes_0']:>7.1%} "
                  f"{r['wald_width']:>6.3f}")
    print(f"# {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
