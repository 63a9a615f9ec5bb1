"""Generation throughput of the synthetic world: payments per second and peak memory, per scale.

    .venv/bin/python benchmarks/bench_synth.py --scales small medium [--format csv] [--keep DIR]

Each scale runs in a fresh child process so that its peak RSS is its own, not the maximum of every
scale run before it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any


def _run(scale: str, seed: int, fmt: str, out: str, queue: Any) -> None:
    from synth import generate

    summary = generate(scale, seed, Path(out), fmt)  # type: ignore[arg-type]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    size_mb = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file()) / 2**20
    queue.put({"scale": scale, "seconds": round(summary.elapsed_s, 1), "payments": summary.counts["payments"],
               "payments_per_s": round(summary.payments_per_s), "enterprises": summary.counts["enterprises"],
               "peak_rss_mb": round(peak_mb), "output_mb": round(size_mb)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", nargs="+", default=["small", "medium"],
                        choices=["tiny", "small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", dest="fmt", default="csv", choices=["csv", "parquet"])
    parser.add_argument("--keep", type=Path, default=None, help="Keep the datasets under this directory.")
    args = parser.parse_args()

    ctx = mp.get_context("spawn")
    results = []
    for scale in args.scales:
        root = Path(args.keep) / scale if args.keep else Path(tempfile.mkdtemp(prefix=f"synth-{scale}-"))
        queue = ctx.Queue()
        proc = ctx.Process(target=_run, args=(scale, args.seed, args.fmt, str(root), queue))
        proc.start()
        result = queue.get()
        proc.join()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        results.append(result)
        print(f"{scale:>6}: {result['payments']:>11,} payments in {result['seconds']:>7.1f} s = "
              f"{result['payments_per_s']:>9,} payments/s; peak RSS {result['peak_rss_mb']:,} MB; "
              f"{result['output_mb']:,} MB written", flush=True)
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
