"""Parse latency per utterance (p50/p95/p99/max, ms) over sentences of every shape.

usage: python benchmarks/parse_latency.py [--repeat N] [--json]

The sentences are read from the twin test files (intents/tests/<lang>/*.yaml),
so the benchmark follows the grammar as it grows. The engine is built once
before timing: start-up is measured separately (cold start).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.nlu.engine import Engine  # noqa: E402
from assistant.nlu.testfiles import load_cases  # noqa: E402


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {"n": len(values), "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
            "max": ordered[-1], "mean": statistics.fmean(values)}


def measure(engine: Engine, sentences: list[str], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        for sentence in sentences:
            start = time.perf_counter()
            engine.parse(sentence)
            times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def cold_start() -> dict[str, float]:
    """Wall time of one `cockpit parse` process next to `python -c pass`."""
    def wall(cmd: list[str]) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False)
            best = min(best, time.perf_counter() - start)
        return best * 1000
    python = wall([sys.executable, "-c", "pass"])
    parse = wall([sys.executable, "-m", "assistant", "parse", "turn on the ac and play some jazz"])
    return {"python_ms": python, "cockpit_parse_ms": parse, "ratio": parse / python}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cases, _ = load_cases()
    engine = Engine()
    results: dict[str, dict] = {}
    for language in sorted({c.language for c in cases}):
        mine = [c for c in cases if c.language == language]
        engine.parse(mine[0].sentence)  # build the language before timing
        single = [c.sentence for c in mine if len(c.intents) <= 1]
        multi = [c.sentence for c in mine if len(c.intents) > 1]
        results[f"{language} single"] = measure(engine, single, args.repeat)
        if multi:
            results[f"{language} multi"] = measure(engine, multi, args.repeat)
    results["cold start"] = cold_start()
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'set':12s} {'n':>6s} {'p50':>7s} {'p95':>7s} {'p99':>7s} {'max':>7s}  (ms per utterance)")
    for name, r in results.items():
        if "p50" in r:
            print(f"{name:12s} {r['n']:6d} {r['p50']:7.3f} {r['p95']:7.3f} {r['p99']:7.3f} {r['max']:7.3f}")
    cs = results["cold start"]
    print(f"cold start: cockpit parse {cs['cockpit_parse_ms']:.0f} ms, python -c pass "
          f"{cs['python_ms']:.0f} ms, ratio {cs['ratio']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
